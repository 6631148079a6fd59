package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lease becomes bound to its pod once the pod is stored, and the pod owns the lease's Secret. */
@RequiresKubeApiServer
@Timeout(120)
class LeaseBindingE2ETest {
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
  void aStoredPodBindsItsLeaseWithItsUidAndNameAndOwnsItsSecret() {
    String namespace = cluster.namespaceInPool();

    Pod pod = cluster.createValidator(namespace, "validator-0");

    UUID lease = leaseOf(pod);
    awaitBound(lease);
    LeaseTable.LeaseRow row = cluster.leases().lease(lease);
    assertThat(row.podUid()).contains(pod.getMetadata().getUid());
    assertThat(row.podName()).isEqualTo("validator-0");
    assertOwnedBy(namespace, lease, pod);
  }

  @Test
  void aPodNamedByGenerateNameIsBoundUnderTheNameTheApiServerGaveIt() {
    String namespace = cluster.namespaceInPool();

    Pod pod = cluster.create(namespace, ValidatorPods.validatorNamedByPrefix("validator-").build());

    UUID lease = leaseOf(pod);
    awaitBound(lease);
    LeaseTable.LeaseRow row = cluster.leases().lease(lease);
    assertThat(row.podName()).isEqualTo(pod.getMetadata().getName()).startsWith("validator-");
    assertThat(row.podUid()).contains(pod.getMetadata().getUid());
    assertOwnedBy(namespace, lease, pod);
  }

  private static void awaitBound(UUID lease) {
    Eventually.await(
        "lease " + lease + " to be bound",
        WAIT,
        () -> cluster.leases().state(lease).equals("bound"));
  }

  private static void assertOwnedBy(String namespace, UUID lease, Pod pod) {
    Eventually.await(
        "the Secret of lease " + lease + " to name its owner",
        WAIT,
        () -> {
          Secret secret =
              cluster.client().secrets().inNamespace(namespace).withName("valet-" + lease).get();
          return secret != null && !secret.getMetadata().getOwnerReferences().isEmpty();
        });
    Secret secret =
        cluster.client().secrets().inNamespace(namespace).withName("valet-" + lease).get();
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("v1");
              assertThat(owner.getKind()).isEqualTo("Pod");
              assertThat(owner.getName()).isEqualTo(pod.getMetadata().getName());
              assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
            });
    assertThat(secret.getData()).as("the Secret keeps its files").isNotEmpty();
  }
}
