package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static dev.valet.webhook.e2e.LifecycleCluster.reconcilerOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.RunningValet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pods deleted while no reconciler ran leave no event for an informer to see: the resync of the
 * next reconciler to start finds exactly those leases and releases them, and no other.
 */
@RequiresKubeApiServer
@Timeout(150)
class ReconcilerRestartE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(30);

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
  void theResyncOfTheNextReconcilerReleasesExactlyTheLeasesOfPodsDeletedWhileNoneRan()
      throws Exception {
    String namespace = cluster.namespaceInPool();
    List<UUID> leases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      leases.add(leaseOf(cluster.createValidator(namespace, "validator-" + i)));
    }
    for (UUID lease : leases) {
      Eventually.await("lease " + lease + " to be bound", WAIT, () -> state(lease).equals("bound"));
    }

    cluster.replica(0).stop();
    cluster.delete(namespace, "validator-0");
    cluster.delete(namespace, "validator-2");
    assertThat(cluster.pod(namespace, "validator-0")).isNull();
    assertThat(cluster.pod(namespace, "validator-2")).isNull();
    assertThat(leases).allSatisfy(lease -> assertThat(state(lease)).isEqualTo("bound"));
    RunningValet next = cluster.startReplica();

    ReconcilerService reconciler = reconcilerOf(next);
    Eventually.await(
        "the deleted pods' leases to be released",
        WAIT,
        () -> state(leases.get(0)).equals("released") && state(leases.get(2)).equals("released"));
    long resyncs = reconciler.resyncs();
    Eventually.await("two more resyncs", WAIT, () -> reconciler.resyncs() >= resyncs + 2);
    assertThat(state(leases.get(1))).isEqualTo("bound");
    assertThat(state(leases.get(3))).isEqualTo("bound");
    String actor = "reconciler:" + reconciler.identity();
    for (UUID released : List.of(leases.get(0), leases.get(2))) {
      assertThat(cluster.leases().events(released, "lease.released"))
          .singleElement()
          .satisfies(event -> assertThat(event.actor()).isEqualTo(actor));
    }
    for (UUID kept : List.of(leases.get(1), leases.get(3))) {
      assertThat(cluster.leases().events(kept, "lease.released")).isEmpty();
    }
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
