package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.CuttableProxy;
import dev.valet.webhook.testing.DesignInvariants;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.RunningValet;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.WebhookProbe;
import dev.valet.webhook.testing.WebhookRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Valet reaches the Kubernetes API through a proxy this test owns, and the test cuts it: Valet's
 * connections close and new ones are refused, while the API server itself, and the test's own
 * client, carry on. Admissions are denied saying the API is unreachable and leave no lease and no
 * Secret; the reconciler gives leadership up and changes nothing; once the proxy is back it leads
 * again, catches up with what happened meanwhile, and admissions succeed without a restart.
 */
@RequiresKubeApiServer
@Timeout(240)
class KubernetesApiUnreachableE2ETest {
  private static final String POOL = "cut";
  private static final Duration QUARANTINE = Duration.ofSeconds(4);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static CuttableProxy proxy;
  private static KubernetesClient client;
  private static TestNamespaces namespaces;
  private static RunningValet valet;
  private static WebhookRegistration webhook;
  private static LeaseTable leases;
  private static DesignInvariants invariants;
  private static Path directory;
  private static String valetNamespace;

  @BeforeAll
  static void start() throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    URI server = KubeApiServer.server(kubeconfig);
    proxy = CuttableProxy.start(server.getHost(), server.getPort());
    directory = Files.createTempDirectory("valet-cut-");
    Path throughProxy =
        KubeApiServer.throughPort(kubeconfig, proxy.port(), directory.resolve("kubeconfig"));
    client = KubeApiServer.client(kubeconfig);
    String run = "cut-" + TestNamespaces.uniqueSuffix();
    Map<String, String> runLabels = Map.of("e2e.valet.dev/run", run);
    namespaces = new TestNamespaces(client, runLabels);
    valetNamespace = namespaces.createNamed("valet-system-" + run, Map.of());
    valet =
        RunningValet.start(
            throughProxy,
            valetNamespace,
            List.of(
                PoolSettings.defaults(POOL)
                    .withKdf(PoolSettings.Kdf.PBKDF2)
                    .withQuarantine(QUARANTINE)),
            new ReconcilerSettings(
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    webhook =
        WebhookRegistration.register(
            client, "valet-" + run, valet.port(), valet.caPem(), valetNamespace, runLabels);
    leases = LeaseTable.open(valet.database());
    invariants = DesignInvariants.open(valet.database(), client);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable resource :
        new AutoCloseable[] {invariants, leases, webhook, valet, namespaces, client, proxy}) {
      if (resource != null) {
        resource.close();
      }
    }
    if (directory != null) {
      Files.deleteIfExists(directory.resolve("kubeconfig"));
      Files.deleteIfExists(directory);
    }
  }

  @Test
  void admissionsAreDeniedLeavingNothingAndLeadershipIsGivenUpAndTakenBackCleanly()
      throws Exception {
    ReconcilerService reconciler = valet.app().reconciler().orElseThrow();
    Eventually.await("Valet to lead its reconciler", WAIT, reconciler::isLeading);
    String namespace = namespaces.create("validators", Map.of(ValetLabels.POOL, POOL));
    WebhookProbe.awaitServing(client, namespace, WAIT);
    UUID deletedWhileCut = leaseOf(createValidator(namespace, "validator-0"));
    UUID kept = leaseOf(createValidator(namespace, "validator-1"));
    Eventually.await(
        "both leases to be bound",
        WAIT,
        () -> state(deletedWhileCut).equals("bound") && state(kept).equals("bound"));

    proxy.cut();

    assertThatThrownBy(() -> createValidator(namespace, "validator-2"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("denied the request")
        .hasMessageContaining("the Kubernetes API is unreachable");
    assertThat(client.pods().inNamespace(namespace).withName("validator-2").get()).isNull();
    Eventually.await(
        "the reconciler to give leadership up",
        ReconcilerService.RENEW_DEADLINE.plusSeconds(5),
        () -> !reconciler.isLeading());
    client.pods().inNamespace(namespace).withName("validator-0").delete();
    Thread.sleep(ReconcilerService.RETRY_PERIOD.toMillis() * 2);
    assertThat(state(deletedWhileCut))
        .as("the lease of a pod deleted while Valet could not lead")
        .isEqualTo("bound");
    assertThat(leases.idsIn(namespace))
        .as("leases after the denied admission")
        .containsExactlyInAnyOrder(deletedWhileCut, kept);
    assertThat(invariants.leaseSecrets(namespace))
        .as("lease Secrets after the denied admission")
        .containsExactlyInAnyOrder("valet-" + deletedWhileCut, "valet-" + kept);
    invariants.assertKeysHeldOnce();

    proxy.restore();

    Eventually.await(
        "the reconciler to lead again",
        ReconcilerService.LEASE_DURATION.multipliedBy(2),
        reconciler::isLeading);
    Eventually.await(
        "the lease of the pod deleted while cut to be released",
        WAIT,
        () -> state(deletedWhileCut).equals("released"));
    assertThat(leases.events(deletedWhileCut, "lease.released")).hasSize(1);
    assertThat(holderOfTheReconcilerLease()).isEqualTo(reconciler.identity());
    UUID afterwards = leaseOf(createValidator(namespace, "validator-3"));
    Eventually.await(
        "the lease of a pod admitted after the API came back to be bound",
        WAIT,
        () -> state(afterwards).equals("bound"));
    assertThat(state(kept)).isEqualTo("bound");
    Eventually.await(
        "the released lease's Secret to be deleted",
        WAIT,
        () -> !invariants.leaseSecrets(namespace).contains("valet-" + deletedWhileCut));
    invariants.assertHold(QUARANTINE.toSeconds(), List.of(namespace));
  }

  private static Pod createValidator(String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(ValidatorPods.validator(name).build())
        .create();
  }

  private static String holderOfTheReconcilerLease() {
    return client
        .leases()
        .inNamespace(valetNamespace)
        .withName(ReconcilerService.LOCK_NAME)
        .get()
        .getSpec()
        .getHolderIdentity();
  }

  private static String state(UUID lease) {
    return leases.state(lease);
  }
}
