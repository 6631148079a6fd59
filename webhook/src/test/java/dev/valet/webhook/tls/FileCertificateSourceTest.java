package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.certs.CertificateAuthority;
import dev.valet.certs.Pem;
import dev.valet.certs.ServingCertificate;
import dev.valet.certs.SubjectAlternativeNames;
import dev.valet.webhook.server.MutatePodHandler;
import dev.valet.webhook.server.WebhookServer;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.TlsClient;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File mode: the server follows the PEM files on disk, and only ever a whole pair of them. */
class FileCertificateSourceTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration INTERVAL = Duration.ofMillis(100);

  /** Long enough for several checks of the files. */
  private static final Duration SEVERAL_CHECKS = INTERVAL.multipliedBy(8);

  @TempDir Path directory;

  private final CertificateAuthority ca = CertificateAuthority.generate("files-ca", CLOCK);
  private Path certFile;
  private Path keyFile;
  private Vertx vertx;
  private FileCertificateSource files;
  private WebhookServer server;

  @BeforeEach
  void start() throws Exception {
    certFile = directory.resolve("tls.crt");
    keyFile = directory.resolve("tls.key");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (files != null) {
      files.close();
    }
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void rewrittenPemFilesAreServedWithoutARestart() throws Exception {
    ServingCertificate first = leaf();
    write(first);
    startServingTheFiles();
    assertThat(servedLeaf()).isEqualTo(first.leaf());

    ServingCertificate renewed = leaf();
    write(renewed);

    awaitServed(renewed);
  }

  @Test
  void garbageInTheFilesKeepsTheCertificateServedBeforeUntilTheyAreWholeAgain() throws Exception {
    ServingCertificate first = leaf();
    write(first);
    startServingTheFiles();

    Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n");
    Files.writeString(keyFile, "");
    Thread.sleep(SEVERAL_CHECKS.toMillis());
    assertThat(servedLeaf()).isEqualTo(first.leaf());

    ServingCertificate renewed = leaf();
    write(renewed);
    awaitServed(renewed);
  }

  @Test
  void aNewCertificateWithTheOldKeyIsIgnoredUntilItsOwnKeyArrives() throws Exception {
    ServingCertificate first = leaf();
    write(first);
    startServingTheFiles();

    ServingCertificate renewed = leaf();
    writeAtomically(certFile, Pem.writeCertificates(renewed.chain()));
    Thread.sleep(SEVERAL_CHECKS.toMillis());
    assertThat(servedLeaf()).isEqualTo(first.leaf());

    writeAtomically(keyFile, Pem.writePrivateKey(renewed.privateKey()));
    awaitServed(renewed);
  }

  @Test
  void readNowRefusesAMismatchedPairAndAcceptsAWholeOne() throws Exception {
    ServingCertificate one = leaf();
    ServingCertificate other = leaf();
    writeAtomically(certFile, Pem.writeCertificates(one.chain()));
    writeAtomically(keyFile, Pem.writePrivateKey(other.privateKey()));
    files = new FileCertificateSource(vertx, certFile, keyFile, INTERVAL);

    assertThat(files.readNow()).isEmpty();

    writeAtomically(keyFile, Pem.writePrivateKey(one.privateKey()));
    assertThat(files.readNow()).contains(one);
  }

  @Test
  void missingFilesAtStartLeaveThePlaceholderUntilTheyAppear() throws Exception {
    startServingTheFiles();
    assertThat(server.certificateLoaded()).isFalse();

    ServingCertificate arrived = leaf();
    write(arrived);

    awaitServed(arrived);
    assertThat(server.certificateLoaded()).isTrue();
  }

  private void startServingTheFiles() throws Exception {
    files = new FileCertificateSource(vertx, certFile, keyFile, INTERVAL);
    server =
        WebhookServer.start(
                vertx, "127.0.0.1", 0, files.readNow(), new MutatePodHandler(null), () -> true)
            .await(10, TimeUnit.SECONDS);
    files.start(server);
  }

  private void awaitServed(ServingCertificate expected) {
    Eventually.await(
        "the server to present " + expected,
        Duration.ofSeconds(10),
        () -> {
          try {
            return servedLeaf().equals(expected.leaf());
          } catch (Exception e) {
            return false;
          }
        });
  }

  private X509Certificate servedLeaf() throws Exception {
    return TlsClient.servedLeaf(server.actualPort(), List.of(ca.certificate()));
  }

  private ServingCertificate leaf() {
    return ca.issueServing(SubjectAlternativeNames.of(List.of("127.0.0.1")), CLOCK);
  }

  private void write(ServingCertificate certificate) throws Exception {
    writeAtomically(keyFile, Pem.writePrivateKey(certificate.privateKey()));
    writeAtomically(certFile, Pem.writeCertificates(certificate.chain()));
  }

  private static void writeAtomically(Path file, String text) throws Exception {
    Path staging = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(staging, text, StandardCharsets.US_ASCII);
    Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
