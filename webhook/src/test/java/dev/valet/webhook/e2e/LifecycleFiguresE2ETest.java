package dev.valet.webhook.e2e;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.lease.KubernetesLeasePods;
import dev.valet.webhook.lease.LeaseReconciler;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The figures the lease lifecycle is judged by, printed rather than asserted (they depend on the
 * machine): how long from a pod's deletion to its lease's release through the informer, and how
 * long a full resync of 1,000 unreleased leases takes with every pod present and with every pod
 * gone. What the passes did is asserted, so the figures are of work that was really done.
 */
@RequiresKubeApiServer
class LifecycleFiguresE2ETest {
  private static final int DELETED_PODS = 10;
  private static final int LEASES = 1_000;
  private static final int CREATORS = 8;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @Timeout(300)
  void timeFromPodDeletionToLeaseReleaseThroughTheInformer() throws Exception {
    ReconcilerSettings informerOnly =
        new ReconcilerSettings(
            Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(30));
    try (LifecycleCluster cluster = LifecycleCluster.start(informerOnly, Duration.ofMinutes(1))) {
      String namespace = cluster.namespaceInPool();
      List<UUID> leases = new ArrayList<>();
      for (int i = 0; i < DELETED_PODS; i++) {
        leases.add(leaseOf(cluster.createValidator(namespace, "validator-" + i)));
      }
      for (UUID lease : leases) {
        Eventually.await("lease " + lease + " bound", WAIT, () -> state(cluster, lease, "bound"));
      }

      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < DELETED_PODS; i++) {
        UUID lease = leases.get(i);
        Instant deleted = Instant.now();
        cluster.delete(namespace, "validator-" + i);
        Eventually.await(
            "lease " + lease + " released", WAIT, () -> state(cluster, lease, "released"));
        Instant released = cluster.leases().lease(lease).releasedAt().orElseThrow();
        millis.add(Duration.between(deleted, released).toMillis());
      }

      Collections.sort(millis);
      System.out.printf(
          "FIGURE pod deletion to lease release (informer, %d pods): median %d ms, max %d ms,"
              + " all %s%n",
          DELETED_PODS, median(millis), millis.getLast(), millis);
    }
  }

  @Test
  @Timeout(600)
  void resyncOfAThousandLeasesWithEveryPodPresentAndWithEveryPodGone() throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    try (AllocatorFixture fixture = AllocatorFixture.open();
        KubernetesClient testClient = KubeApiServer.client(kubeconfig);
        TestNamespaces namespaces =
            new TestNamespaces(
                testClient,
                Map.of("e2e.valet.dev/run", "figures-" + TestNamespaces.uniqueSuffix()))) {
      KeyPool pool = TestPools.create(fixture.db(), PoolSettings.defaults("figures"));
      TestPools.insertOldFreeKeys(fixture.db(), pool, LEASES);
      PgAllocator allocator =
          new PgAllocator(fixture.db(), Map.of("figures", pool), fixture.workers());
      PgLeases leases = new PgLeases(fixture.db());
      String namespace = namespaces.create("figures", Map.of());
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < LEASES; i++) {
        AllocationRequest request =
            new AllocationRequest(
                "figures",
                new PodReference(namespace, "validator-" + i, ""),
                UUID.randomUUID().toString(),
                1,
                "valet");
        ids.add(granted(allocator.allocate(request)).lease().id());
      }
      List<Pod> pods = createPodsAndSecrets(testClient, namespace, ids);
      for (int i = 0; i < LEASES; i++) {
        Pod pod = pods.get(i);
        await(
            leases.bind(
                ids.get(i), pod.getMetadata().getUid(), pod.getMetadata().getName(), "figures"));
      }

      KubernetesClient valetClient =
          new KubernetesClientBuilder()
              .withHttpClientFactory(new Vertx5HttpClientFactory(fixture.vertx()))
              .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
              .build();
      WorkerExecutor blocking =
          fixture.vertx().createSharedWorkerExecutor("figures-kubernetes", 16);
      try {
        LeaseReconciler reconciler =
            new LeaseReconciler(
                leases,
                new PgLeaseReleaser(fixture.db(), Map.of("figures", pool)),
                new KubernetesLeasePods(valetClient, blocking),
                ReconcilerSettings.defaults(),
                Clock.systemUTC(),
                () -> true,
                "reconciler:figures");

        List<Long> present = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
          LeaseReconciler.ResyncReport report = await(reconciler.resync());
          assertThat(report.leases()).isGreaterThanOrEqualTo(LEASES);
          assertThat(report.released()).isZero();
          present.add(report.took().toMillis());
        }

        testClient
            .pods()
            .inNamespace(namespace)
            .withLabel(ValetLabels.LEASE)
            .withGracePeriod(0)
            .delete();
        Eventually.await(
            "every pod to be gone",
            WAIT,
            () -> testClient.pods().inNamespace(namespace).list().getItems().isEmpty());
        LeaseReconciler.ResyncReport gone = await(reconciler.resync());
        assertThat(gone.released()).isEqualTo(LEASES);
        assertThat(testClient.secrets().inNamespace(namespace).list().getItems()).isEmpty();

        System.out.printf(
            "FIGURE resync of %d unreleased leases, every pod present: %s ms (three passes)%n",
            LEASES, present);
        System.out.printf(
            "FIGURE resync of %d unreleased leases, every pod gone (a GET, a release and a Secret"
                + " delete each): %d ms%n",
            LEASES, gone.took().toMillis());
      } finally {
        await(blocking.close());
        valetClient.close();
      }
    }
  }

  /** The pods and Secrets as Valet's webhook leaves them, created a few at a time. */
  private static List<Pod> createPodsAndSecrets(
      KubernetesClient client, String namespace, List<UUID> leases) throws Exception {
    ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
    try {
      List<Future<Pod>> created = new ArrayList<>();
      for (int i = 0; i < leases.size(); i++) {
        UUID lease = leases.get(i);
        String name = "validator-" + i;
        created.add(creators.submit(() -> createPodAndSecret(client, namespace, name, lease)));
      }
      List<Pod> pods = new ArrayList<>();
      for (Future<Pod> pod : created) {
        pods.add(pod.get());
      }
      return pods;
    } finally {
      creators.shutdownNow();
    }
  }

  private static Pod createPodAndSecret(
      KubernetesClient client, String namespace, String name, UUID lease) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("valet-" + lease)
                .addToLabels(ValetLabels.LEASE, lease.toString())
                .endMetadata()
                .addToStringData("pubkey", "0x00")
                .build())
        .create();
    return client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(ValetLabels.LEASE, lease.toString())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("validator")
                .withImage("validator-client:e2e")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static boolean state(LifecycleCluster cluster, UUID lease, String state) {
    return cluster.leases().state(lease).equals(state);
  }

  private static long median(List<Long> sorted) {
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
