package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RejectingWebhook;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pod that Valet admitted but a later admission step rejected is never stored: its pending lease
 * is released once the grace has passed and a fresh list shows no pod carrying it, and not before.
 */
@RequiresKubeApiServer
@Timeout(120)
class UnstoredPodE2ETest {
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LifecycleCluster cluster;
  private static RejectingWebhook rejecting;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        LifecycleCluster.start(
            new ReconcilerSettings(GRACE, Duration.ofSeconds(2), Duration.ofSeconds(1)),
            Duration.ofSeconds(4));
    rejecting =
        RejectingWebhook.start(
            cluster.client(), "rejects-" + cluster.valetNamespace(), cluster.runLabels());
  }

  @AfterAll
  static void stop() throws Exception {
    if (rejecting != null) {
      rejecting.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPendingLeaseWhosePodWasNeverStoredIsReleasedAfterTheGraceAndNotBefore()
      throws InterruptedException {
    String namespace = cluster.namespaceInPool();
    rejecting.awaitInEffect(namespace, WAIT);
    Pod pod =
        ValidatorPods.validator("validator-0")
            .editMetadata()
            .addToLabels(RejectingWebhook.LABEL, "true")
            .endMetadata()
            .build();

    assertThatThrownBy(() -> cluster.create(namespace, pod))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(RejectingWebhook.MESSAGE);

    assertThat(cluster.pod(namespace, "validator-0")).as("the rejected pod").isNull();
    List<UUID> leases = cluster.leases().idsIn(namespace);
    assertThat(leases).as("the leases Valet made for the rejected pod").hasSize(1);
    UUID lease = leases.getFirst();
    Instant admitted = cluster.leases().lease(lease).createdAt();
    Instant graceEnds = admitted.plus(GRACE);
    while (Instant.now().isBefore(graceEnds.minusMillis(300))) {
      assertThat(state(lease)).as("the lease within its grace").isEqualTo("pending");
      assertThat(cluster.secretExists(namespace, lease)).as("its Secret within the grace").isTrue();
      Thread.sleep(100);
    }

    Eventually.await("the lease to be released", WAIT, () -> state(lease).equals("released"));
    LeaseTable.LeaseRow released = cluster.leases().lease(lease);
    assertThat(Duration.between(admitted, released.releasedAt().orElseThrow()))
        .as("time from admission to release")
        .isGreaterThanOrEqualTo(GRACE);
    assertThat(released.releaseReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("no pod"));
    Eventually.await(
        "the lease's Secret to be deleted", WAIT, () -> !cluster.secretExists(namespace, lease));
    assertThat(cluster.leases().events(lease, "lease.released")).hasSize(1);
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
