package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.certs.Rotator;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.server.MutatePodHandler;
import dev.valet.webhook.server.WebhookServer;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.TlsClient;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vertx.core.Vertx;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Any replica, leader or not, serves what the managed TLS Secret holds, as it changes, and keeps
 * what it serves when the Secret goes bad or away.
 */
class SecretCertificateSourceTest {
  private static final String SECRET = "valet-webhook-tls";

  private final ManagedTlsSettings settings =
      new ManagedTlsSettings(
          SECRET,
          "valet-webhook",
          MockApi.CONFIGURATION,
          List.of("127.0.0.1"),
          ManagedTlsSettings.defaults().policy(),
          Duration.ofMinutes(1));
  private MockApi api;
  private Vertx vertx;
  private WebhookServer server;
  private SecretCertificateSource source;
  private TlsSecretStore store;

  @BeforeEach
  void start() throws Exception {
    api = new MockApi();
    vertx = Vertx.vertx();
    store = new TlsSecretStore(api.client(), MockApi.NAMESPACE, SECRET);
    server =
        WebhookServer.start(
                vertx, "127.0.0.1", 0, Optional.empty(), new MutatePodHandler(null), () -> true)
            .await(10, TimeUnit.SECONDS);
    source = new SecretCertificateSource(api.client(), MockApi.NAMESPACE, SECRET);
    source.start(server);
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    server.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    api.close();
  }

  @Test
  void theSecretOnceCreatedIsServedAndReadinessFollows() throws Exception {
    assertThat(server.certificateLoaded()).isFalse();

    TlsMaterial created = rotator().next(Optional.empty(), Clock.systemUTC().instant()).material();
    store.create(created);

    awaitServed(created);
    assertThat(server.certificateLoaded()).isTrue();
  }

  @Test
  void aRenewedCertificateInTheSecretIsServedWithoutARestart() throws Exception {
    TlsMaterial created = rotator().next(Optional.empty(), Clock.systemUTC().instant()).material();
    StoredTls stored = store.create(created);
    awaitServed(created);

    TlsMaterial renewed =
        rotator().renewLeaf(Optional.of(created), Clock.systemUTC().instant()).material();
    store.replace(renewed, stored.resourceVersion());

    awaitServed(renewed);
  }

  @Test
  void aSecretThatTurnsUnusableOrGoesAwayLeavesTheServedCertificateInPlace() throws Exception {
    TlsMaterial created = rotator().next(Optional.empty(), Clock.systemUTC().instant()).material();
    store.create(created);
    awaitServed(created);

    var broken =
        new SecretBuilder(
                api.client().secrets().inNamespace(MockApi.NAMESPACE).withName(SECRET).get())
            .withData(Map.of("tls.crt", "bm90IGEgY2VydGlmaWNhdGU="))
            .build();
    api.client().secrets().inNamespace(MockApi.NAMESPACE).resource(broken).update();
    Thread.sleep(500);
    assertThat(servedLeaf(created)).isEqualTo(created.leaf());

    api.client().secrets().inNamespace(MockApi.NAMESPACE).withName(SECRET).delete();
    Thread.sleep(500);
    assertThat(servedLeaf(created)).isEqualTo(created.leaf());
    assertThat(server.certificateLoaded()).isTrue();
  }

  private Rotator rotator() {
    return settings.rotator(MockApi.NAMESPACE);
  }

  private void awaitServed(TlsMaterial material) {
    Eventually.await(
        "the server to present the Secret's certificate",
        Duration.ofSeconds(10),
        () -> {
          try {
            return servedLeaf(material).equals(material.leaf());
          } catch (Exception e) {
            return false;
          }
        });
  }

  private X509Certificate servedLeaf(TlsMaterial trusted) throws Exception {
    return TlsClient.servedLeaf(server.actualPort(), trusted.caBundle());
  }
}
