package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader of the certificate election makes the material on its own, and puts back a caBundle
 * that an apply emptied without waiting for its next scheduled pass.
 */
class CertificateRotationServiceTest {
  /** Far beyond the test: any pass after the first is triggered by a change, not by the timer. */
  private static final Duration INTERVAL = Duration.ofHours(1);

  private final ManagedTlsSettings settings = ManagedTlsSettings.defaults();
  private final List<CertificateRotationService> replicas = new ArrayList<>();
  private MockApi api;
  private Vertx vertx;
  private WorkerExecutor workers;

  @BeforeEach
  void start() {
    api = new MockApi();
    api.createConfiguration("pods.valet.dev");
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("test-certificates", 2);
  }

  @AfterEach
  void stop() throws Exception {
    replicas.forEach(CertificateRotationService::close);
    workers.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    api.close();
  }

  @Test
  void oneOfTwoReplicasLeadsAndCreatesTheSecretAndTheCaBundle() {
    replica("valet-0");
    replica("valet-1");

    Eventually.await(
        "the caBundle to hold the Secret's ca.crt", Duration.ofSeconds(30), this::bundleIsCurrent);
    Eventually.await(
        "a leader", Duration.ofSeconds(30), () -> replicas.stream().anyMatch(r -> r.isLeading()));
    assertThat(replicas.stream().filter(CertificateRotationService::isLeading)).hasSize(1);
  }

  @Test
  void aCaBundleEmptiedByAnApplyIsPutBackWithoutWaitingForTheNextPass() {
    replica("valet-0");
    Eventually.await("the first pass", Duration.ofSeconds(30), this::bundleIsCurrent);

    api.wipeCaBundles();

    Eventually.await("the caBundle to be put back", Duration.ofSeconds(15), this::bundleIsCurrent);
  }

  private boolean bundleIsCurrent() {
    String caCrt = api.secretData(settings.secretName(), "ca.crt");
    return caCrt != null && api.caBundles().stream().allMatch(b -> Objects.equals(b, caCrt));
  }

  private void replica(String identity) {
    CertificateRotation rotation =
        new CertificateRotation(
            new TlsSecretStore(api.client(), MockApi.NAMESPACE, settings.secretName()),
            new CaBundlePublisher(api.client(), MockApi.CONFIGURATION),
            settings.rotator(MockApi.NAMESPACE),
            Clock.systemUTC());
    CertificateRotationService service =
        new CertificateRotationService(
            vertx,
            api.client(),
            MockApi.NAMESPACE,
            identity,
            MockApi.CONFIGURATION,
            rotation,
            INTERVAL,
            workers);
    replicas.add(service);
    service.start();
  }
}
