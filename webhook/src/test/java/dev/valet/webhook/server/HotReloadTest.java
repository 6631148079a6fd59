package dev.valet.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.certs.CertificateAuthority;
import dev.valet.certs.ServingCertificate;
import dev.valet.certs.SubjectAlternativeNames;
import dev.valet.webhook.testing.KeepAliveConnection;
import dev.valet.webhook.testing.TlsClient;
import io.vertx.core.Vertx;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One running webhook server takes a renewed certificate without a restart or a dropped call. */
class HotReloadTest {
  private static final Clock CLOCK = Clock.systemUTC();

  private Vertx vertx;
  private WebhookServer server;
  private final AtomicBoolean namespacesReady = new AtomicBoolean(true);

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRenewedCertificateFromTheSameCaIsServedToNewConnections() throws Exception {
    CertificateAuthority ca = ca("hot-reload-ca");
    ServingCertificate first = loopback(ca);
    ServingCertificate renewed = loopback(ca);
    start(Optional.of(first));
    int port = server.actualPort();
    assertThat(TlsClient.servedLeaf(port, bundle(ca))).isEqualTo(first.leaf());

    server.serve(renewed).await(10, TimeUnit.SECONDS);

    assertThat(TlsClient.servedLeaf(port, bundle(ca))).isEqualTo(renewed.leaf());
    assertThat(server.actualPort()).isEqualTo(port);
  }

  @Test
  void aCertificateFromANewCaIsTrustedThroughTheNewCaOnlyOnceServed() throws Exception {
    CertificateAuthority oldCa = ca("old-ca");
    CertificateAuthority newCa = ca("new-ca");
    start(Optional.of(loopback(oldCa)));
    int port = server.actualPort();
    assertThat(TlsClient.handshakes(port, bundle(newCa))).isFalse();

    server.serve(loopback(newCa)).await(10, TimeUnit.SECONDS);

    assertThat(TlsClient.handshakes(port, bundle(newCa))).isTrue();
    assertThat(TlsClient.handshakes(port, bundle(oldCa))).isFalse();
  }

  @Test
  void aKeepAliveConnectionOpenedBeforeTheReloadKeepsWorkingAfterIt() throws Exception {
    CertificateAuthority ca = ca("keep-alive-ca");
    ServingCertificate first = loopback(ca);
    ServingCertificate renewed = loopback(ca);
    start(Optional.of(first));

    try (KeepAliveConnection connection =
        new KeepAliveConnection(TlsClient.connect(server.actualPort(), bundle(ca)))) {
      assertThat(connection.get("/healthz")).isEqualTo("200 ok");

      server.serve(renewed).await(10, TimeUnit.SECONDS);
      assertThat(TlsClient.servedLeaf(server.actualPort(), bundle(ca))).isEqualTo(renewed.leaf());

      assertThat(connection.get("/healthz")).isEqualTo("200 ok");
      assertThat(connection.get("/readyz")).isEqualTo("200 ready");
      assertThat(connection.peerLeaf()).isEqualTo(first.leaf());
    }
  }

  @Test
  void readyzFailsUntilACertificateIsLoaded() throws Exception {
    CertificateAuthority ca = ca("readiness-ca");
    ServingCertificate certificate = loopback(ca);
    start(Optional.empty());

    try (KeepAliveConnection probe =
        new KeepAliveConnection(TlsClient.connectTrustingAnything(server.actualPort()))) {
      assertThat(probe.get("/healthz")).isEqualTo("200 ok");
      assertThat(probe.get("/readyz"))
          .isEqualTo("503 not ready: no serving certificate loaded yet");
      assertThat(TlsClient.handshakes(server.actualPort(), bundle(ca))).isFalse();

      server.serve(certificate).await(10, TimeUnit.SECONDS);

      assertThat(probe.get("/readyz")).isEqualTo("200 ready");
      assertThat(TlsClient.servedLeaf(server.actualPort(), bundle(ca)))
          .isEqualTo(certificate.leaf());
    }
  }

  @Test
  void readyzFailsWhileTheNamespaceCacheHasNotSyncedEvenWithACertificate() throws Exception {
    CertificateAuthority ca = ca("cache-ca");
    namespacesReady.set(false);
    start(Optional.of(loopback(ca)));

    try (KeepAliveConnection probe =
        new KeepAliveConnection(TlsClient.connect(server.actualPort(), bundle(ca)))) {
      assertThat(probe.get("/readyz"))
          .isEqualTo("503 not ready: the namespace cache has not synced");
      namespacesReady.set(true);
      assertThat(probe.get("/readyz")).isEqualTo("200 ready");
    }
  }

  private void start(Optional<ServingCertificate> certificate) throws Exception {
    server =
        WebhookServer.start(
                vertx,
                "127.0.0.1",
                0,
                certificate,
                new MutatePodHandler(null),
                namespacesReady::get)
            .await(10, TimeUnit.SECONDS);
  }

  private static CertificateAuthority ca(String name) {
    return CertificateAuthority.generate(name, CLOCK);
  }

  private static ServingCertificate loopback(CertificateAuthority ca) {
    return ca.issueServing(SubjectAlternativeNames.of(List.of("127.0.0.1")), CLOCK);
  }

  private static List<X509Certificate> bundle(CertificateAuthority ca) {
    return List.of(ca.certificate());
  }
}
