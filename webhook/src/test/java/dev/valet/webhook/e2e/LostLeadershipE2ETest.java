package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.awaitLeading;
import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static dev.valet.webhook.e2e.LifecycleCluster.reconcilerOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.RunningValet;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replica that finds the Kubernetes Lease held by another replica stops reconciling at once, and
 * leads again once that replica has let the Lease expire: the reconciler is never left without a
 * leader for good.
 */
@RequiresKubeApiServer
@Timeout(120)
class LostLeadershipE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OTHER = "another-replica";

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
  void aReplicaThatLostTheLeaseStopsAtOnceAndLeadsAgainOnceTheLeaseExpires()
      throws InterruptedException {
    RunningValet replica = cluster.replica(0);
    awaitLeading(replica, WAIT);
    String namespace = cluster.namespaceInPool();
    UUID lease = leaseOf(cluster.createValidator(namespace, "validator-0"));
    Eventually.await("the lease to be bound", WAIT, () -> state(lease).equals("bound"));

    takeTheLeaseAs(OTHER);

    Eventually.await(
        "the replica to stop leading",
        ReconcilerService.RETRY_PERIOD.multipliedBy(3),
        () -> !reconcilerOf(replica).isLeading());
    cluster.delete(namespace, "validator-0");
    Thread.sleep(ReconcilerService.RETRY_PERIOD.toMillis() * 2);
    assertThat(state(lease))
        .as("the lease while another replica holds the Lease")
        .isEqualTo("bound");
    assertThat(holder()).isEqualTo(OTHER);

    awaitLeading(replica, ReconcilerService.LEASE_DURATION.multipliedBy(2));
    Eventually.await("the lease to be released", WAIT, () -> state(lease).equals("released"));
    assertThat(cluster.leases().events(lease, "lease.released")).hasSize(1);
  }

  /** Writes the Lease as another replica that just renewed it would, and then never renews it. */
  private static void takeTheLeaseAs(String holder) {
    cluster
        .client()
        .leases()
        .inNamespace(cluster.valetNamespace())
        .withName(ReconcilerService.LOCK_NAME)
        .edit(
            lock -> {
              lock.getSpec().setHolderIdentity(holder);
              lock.getSpec().setRenewTime(ZonedDateTime.now());
              lock.getSpec().setAcquireTime(ZonedDateTime.now());
              lock.getSpec()
                  .setLeaseDurationSeconds((int) ReconcilerService.LEASE_DURATION.toSeconds());
              return lock;
            });
  }

  private static String holder() {
    return cluster
        .client()
        .leases()
        .inNamespace(cluster.valetNamespace())
        .withName(ReconcilerService.LOCK_NAME)
        .get()
        .getSpec()
        .getHolderIdentity();
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
