package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.awaitLeading;
import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static dev.valet.webhook.e2e.LifecycleCluster.reconcilerOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
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
 * Two replicas on one database: only the elected one binds and releases leases; when it stops, the
 * other takes over within the Lease's duration, and every lease is released exactly once.
 */
@RequiresKubeApiServer
@Timeout(180)
class TwoReplicasE2ETest {
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
  void onlyTheLeaderReconcilesAndTheOtherReplicaTakesOverReleasingEveryLeaseOnce()
      throws Exception {
    RunningValet first = cluster.replica(0);
    awaitLeading(first, WAIT);
    RunningValet second = cluster.startReplica();
    String firstActor = "reconciler:" + reconcilerOf(first).identity();
    String secondActor = "reconciler:" + reconcilerOf(second).identity();
    String namespace = cluster.namespaceInPool();
    List<UUID> leases = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leases.add(leaseOf(cluster.createValidator(namespace, "validator-" + i)));
    }
    for (UUID lease : leases) {
      Eventually.await("lease " + lease + " to be bound", WAIT, () -> state(lease).equals("bound"));
    }
    cluster.delete(namespace, "validator-0");
    cluster.delete(namespace, "validator-1");
    awaitReleased(leases.subList(0, 2));

    assertThat(reconcilerOf(second).isLeading()).as("the second replica leads").isFalse();
    assertThat(actorsOf(leases)).as("who bound and released leases").containsOnly(firstActor);

    long stopped = System.nanoTime();
    first.stop();
    cluster.delete(namespace, "validator-2");
    cluster.delete(namespace, "validator-3");
    awaitLeading(second, ReconcilerService.LEASE_DURATION);
    Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
    awaitReleased(leases.subList(2, 4));
    cluster.delete(namespace, "validator-4");
    awaitReleased(leases.subList(4, 5));

    assertThat(takeover).isLessThanOrEqualTo(ReconcilerService.LEASE_DURATION);
    for (UUID lease : leases.subList(0, 5)) {
      assertThat(cluster.leases().events(lease, "lease.released"))
          .as("release events of lease " + lease)
          .hasSize(1);
    }
    assertThat(releasedBy(leases.subList(0, 2))).containsOnly(firstActor);
    assertThat(releasedBy(leases.subList(2, 5))).containsOnly(secondActor);
    assertThat(state(leases.get(5))).isEqualTo("bound");
    assertThat(cluster.leases().events(leases.get(5), "lease.released")).isEmpty();
  }

  private static void awaitReleased(List<UUID> leases) {
    for (UUID lease : leases) {
      Eventually.await(
          "lease " + lease + " to be released", WAIT, () -> state(lease).equals("released"));
    }
  }

  private static List<String> actorsOf(List<UUID> leases) {
    return leases.stream()
        .flatMap(lease -> cluster.leases().events(lease).stream())
        .filter(event -> !event.kind().equals("lease.allocated"))
        .map(LeaseTable.Event::actor)
        .toList();
  }

  private static List<String> releasedBy(List<UUID> leases) {
    return leases.stream()
        .flatMap(lease -> cluster.leases().events(lease, "lease.released").stream())
        .map(LeaseTable.Event::actor)
        .toList();
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
