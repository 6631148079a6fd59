package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static dev.valet.webhook.e2e.LifecycleCluster.pubkeyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deleted pod gives its key back: the lease is released, the Secret deleted, and the key waits
 * out the quarantine before the next pod gets it, rather than a new key.
 */
@RequiresKubeApiServer
@Timeout(120)
class DeletedPodE2ETest {
  private static final Duration QUARANTINE = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static LifecycleCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        LifecycleCluster.start(
            new ReconcilerSettings(
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1)),
            QUARANTINE);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aDeletedPodsKeyIsQuarantinedThenHandedToTheNextPodRatherThanANewKey()
      throws InterruptedException {
    String namespace = cluster.namespaceInPool();
    Pod first = cluster.createValidator(namespace, "validator-0");
    UUID lease = leaseOf(first);
    String key = pubkeyOf(first);
    Eventually.await("the lease to be bound", WAIT, () -> state(lease).equals("bound"));

    cluster.delete(namespace, "validator-0");

    Eventually.await("the lease to be released", WAIT, () -> state(lease).equals("released"));
    Eventually.await(
        "the lease's Secret to be deleted", WAIT, () -> !cluster.secretExists(namespace, lease));
    LeaseTable.LeaseRow released = cluster.leases().lease(lease);
    assertThat(released.releasedBy())
        .hasValueSatisfying(by -> assertThat(by).startsWith("reconciler"));
    assertThat(released.releaseReason())
        .hasValueSatisfying(why -> assertThat(why).contains("validator-0"));
    assertThat(released.forced()).isFalse();
    Instant freeAfter = cluster.leases().keys(lease).getFirst().freeAfter();
    assertThat(Duration.between(released.releasedAt().orElseThrow(), freeAfter))
        .isGreaterThanOrEqualTo(QUARANTINE);

    Pod during = cluster.createValidator(namespace, "validator-1");
    Instant duringAdmitted = cluster.leases().lease(leaseOf(during)).createdAt();
    assertThat(duringAdmitted)
        .as("the second pod was admitted in the quarantine")
        .isBefore(freeAfter);
    assertThat(pubkeyOf(during))
        .as("the key of a pod admitted in the quarantine")
        .isNotEqualTo(key);

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), freeAfter).toMillis()) + 500);
    Pod after = cluster.createValidator(namespace, "validator-2");

    assertThat(pubkeyOf(after)).as("the key of the first pod after the quarantine").isEqualTo(key);
    assertThat(cluster.leases().keysIn(LifecycleCluster.POOL))
        .as("keys the pool made")
        .isEqualTo(2);
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
