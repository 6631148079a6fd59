package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.valet.certs.Pem;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.server.MutatePodHandler;
import dev.valet.webhook.server.WebhookServer;
import dev.valet.webhook.testing.Eventually;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event, at DEBUG, while TLS material is created, rotated through a CA rotation,
 * served from the Secret and read from broken and whole files, and proves that no private key (the
 * serving key, the CA key or the next CA's key) reaches a log line.
 */
class NoTlsKeysInLogsTest {
  @TempDir Path directory;

  @Test
  void noPrivateKeyOfTheTlsMaterialIsEverLogged() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    List<PrivateKey> keys = new ArrayList<>();
    try {
      keys.addAll(rotateServeAndReadFiles());
    } finally {
      root.setLevel(before);
      root.detachAppender(captured);
    }

    List<String> lines = captured.list.stream().map(NoTlsKeysInLogsTest::render).toList();
    assertThat(String.join("\n", lines)).contains("Serving certificate").contains("whole pair");
    assertThat(keys).hasSizeGreaterThanOrEqualTo(4);
    for (PrivateKey key : keys) {
      // PEM lines after the first: the first starts with what every P-256 PKCS#8 key starts with.
      List<String> keyLines =
          Pem.writePrivateKey(key).lines().filter(l -> !l.startsWith("-----")).skip(1).toList();
      assertThat(keyLines).isNotEmpty();
      for (String keyLine : keyLines) {
        assertThat(lines).noneMatch(line -> line.contains(keyLine));
      }
    }
    assertThat(lines).noneMatch(line -> line.contains("PRIVATE KEY"));
  }

  private List<PrivateKey> rotateServeAndReadFiles() throws Exception {
    List<PrivateKey> keys = new ArrayList<>();
    ManagedTlsSettings settings = ManagedTlsSettings.defaults();
    TestClock clock = new TestClock(Instant.now());
    Vertx vertx = Vertx.vertx();
    try (MockApi api = new MockApi()) {
      api.createConfiguration("pods.valet.dev");
      WebhookServer server =
          WebhookServer.start(
                  vertx, "127.0.0.1", 0, Optional.empty(), new MutatePodHandler(null), () -> true)
              .await(10, TimeUnit.SECONDS);
      SecretCertificateSource source =
          new SecretCertificateSource(api.client(), MockApi.NAMESPACE, settings.secretName());
      source.start(server);
      CertificateRotation rotation =
          new CertificateRotation(
              new TlsSecretStore(api.client(), MockApi.NAMESPACE, settings.secretName()),
              new CaBundlePublisher(api.client(), MockApi.CONFIGURATION),
              settings.rotator(MockApi.NAMESPACE),
              clock);

      keys.addAll(keysOf(rotation.run(CertificateRotation.Force.NOTHING).material()));
      keys.addAll(keysOf(rotation.run(CertificateRotation.Force.LEAF).material()));
      keys.addAll(keysOf(rotation.run(CertificateRotation.Force.CA).material()));
      clock.advance(settings.policy().caOverlap());
      TlsMaterial signing = rotation.run(CertificateRotation.Force.NOTHING).material();
      keys.addAll(keysOf(signing));
      Eventually.await(
          "the new CA's certificate to be served",
          Duration.ofSeconds(10),
          () -> server.servedCertificate().map(signing.serving()::equals).orElse(false));

      Path cert = directory.resolve("tls.crt");
      Path key = directory.resolve("tls.key");
      Files.writeString(cert, Pem.writeCertificates(signing.serving().chain()));
      Files.writeString(key, Pem.writePrivateKey(keys.getFirst()));
      FileCertificateSource files = new FileCertificateSource(vertx, cert, key, Duration.ZERO);
      assertThat(files.readNow()).isEmpty();
      Files.writeString(key, Pem.writePrivateKey(signing.serving().privateKey()));
      server.serve(files.readNow().orElseThrow()).await(10, TimeUnit.SECONDS);

      source.close();
      server.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    return keys;
  }

  private static List<PrivateKey> keysOf(TlsMaterial material) {
    List<PrivateKey> keys = new ArrayList<>();
    keys.add(material.serving().privateKey());
    keys.add(material.signingCa().privateKey());
    material.nextCa().ifPresent(next -> keys.add(next.privateKey()));
    return keys;
  }

  private static String render(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy cause = event.getThrowableProxy();
        cause != null;
        cause = cause.getCause()) {
      line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
    }
    return line.toString();
  }
}
