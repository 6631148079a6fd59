package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static dev.valet.webhook.e2e.LifecycleCluster.reconcilerOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pod whose containers may still run keeps its key, however many resyncs look at it: a pod being
 * deleted on a node that does not confirm it, and a pod in phase Unknown.
 */
@RequiresKubeApiServer
@Timeout(120)
class PodsThatMayStillRunE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int RESYNCS = 3;

  private static LifecycleCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        LifecycleCluster.start(
            new ReconcilerSettings(
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1)),
            Duration.ofSeconds(4));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPodBeingDeletedKeepsItsLeaseThroughSeveralResyncsUntilItIsReallyGone() {
    String namespace = cluster.namespaceInPool();
    Pod onANode =
        ValidatorPods.validator("validator-0")
            .editSpec()
            .withNodeName("node-that-stopped-answering")
            .endSpec()
            .build();
    UUID lease = leaseOf(cluster.create(namespace, onANode));
    Eventually.await("the lease to be bound", WAIT, () -> state(lease).equals("bound"));

    cluster.delete(namespace, "validator-0");

    assertThat(cluster.pod(namespace, "validator-0").getMetadata().getDeletionTimestamp())
        .as("the deletionTimestamp of the pod being deleted")
        .isNotNull();
    assertKeptThroughResyncs(namespace, lease);

    cluster.deleteNow(namespace, "validator-0");

    Eventually.await("the lease to be released", WAIT, () -> state(lease).equals("released"));
    assertThat(cluster.leases().events(lease, "lease.released")).hasSize(1);
  }

  @Test
  void aPodInPhaseUnknownKeepsItsLease() {
    String namespace = cluster.namespaceInPool();
    UUID lease = leaseOf(cluster.createValidator(namespace, "validator-0"));
    Eventually.await("the lease to be bound", WAIT, () -> state(lease).equals("bound"));

    cluster.setPhase(namespace, "validator-0", "Unknown");

    assertThat(cluster.pod(namespace, "validator-0").getStatus().getPhase()).isEqualTo("Unknown");
    assertKeptThroughResyncs(namespace, lease);
  }

  /** Waits for several full resyncs, checking all along that the lease and its Secret remain. */
  private static void assertKeptThroughResyncs(String namespace, UUID lease) {
    ReconcilerService reconciler = reconcilerOf(cluster.replica(0));
    long before = reconciler.resyncs();
    Eventually.await(
        RESYNCS + " resyncs",
        WAIT,
        () -> {
          assertThat(state(lease)).as("the state of the lease").isEqualTo("bound");
          assertThat(cluster.secretExists(namespace, lease)).as("the Secret exists").isTrue();
          return reconciler.resyncs() >= before + RESYNCS;
        });
    assertThat(state(lease)).isEqualTo("bound");
    assertThat(cluster.leases().events(lease, "lease.released")).isEmpty();
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
