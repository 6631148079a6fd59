package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pod whose containers have all stopped for good gives its key back while its object stays. */
@RequiresKubeApiServer
@Timeout(120)
class FinishedPodE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(20);

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
  void aPodInPhaseFailedHasItsLeaseReleased() {
    assertReleasedOnceIn("Failed");
  }

  @Test
  void aPodInPhaseSucceededHasItsLeaseReleased() {
    assertReleasedOnceIn("Succeeded");
  }

  private static void assertReleasedOnceIn(String phase) {
    String namespace = cluster.namespaceInPool();
    UUID lease = leaseOf(cluster.createValidator(namespace, "validator-0"));
    Eventually.await("the lease to be bound", WAIT, () -> state(lease).equals("bound"));

    cluster.setPhase(namespace, "validator-0", phase);

    Eventually.await("the lease to be released", WAIT, () -> state(lease).equals("released"));
    LeaseTable.LeaseRow released = cluster.leases().lease(lease);
    assertThat(released.releaseReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("validator-0", phase));
    Eventually.await(
        "the lease's Secret to be deleted", WAIT, () -> !cluster.secretExists(namespace, lease));
    assertThat(cluster.pod(namespace, "validator-0")).as("the finished pod's object").isNotNull();
    assertThat(cluster.leases().events(lease, "lease.released")).hasSize(1);
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
