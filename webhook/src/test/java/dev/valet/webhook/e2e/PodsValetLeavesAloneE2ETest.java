package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pods that are not Valet's to serve are created as they were sent, and cost no key. */
@RequiresKubeApiServer
@Timeout(120)
class PodsValetLeavesAloneE2ETest {
  private static ValetOnKubernetes cluster;

  @BeforeAll
  static void startValet() throws Exception {
    cluster = ValetOnKubernetes.start();
  }

  @AfterAll
  static void stopValet() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPodWithoutTheValidatorLabelIsCreatedUnchanged() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod created = cluster.create(namespace, ValidatorPods.ordinary("beacon-node").build());

    InjectedKeys.assertUntouched(created);
    assertNothingAssignedIn(namespace);
  }

  @Test
  void aValidatorPodInANamespaceWithoutThePoolLabelIsCreatedUnchanged() {
    String namespace = cluster.namespaceNotOptedIn();

    Pod created = cluster.create(namespace, ValidatorPods.validator("validator-0").build());

    InjectedKeys.assertUntouched(created);
    assertNothingAssignedIn(namespace);
  }

  @Test
  void aValidatorPodInValetsOwnNamespaceIsCreatedUnchangedEvenWithThePoolLabel() {
    String namespace = cluster.valetsOwnNamespace();

    Pod created = cluster.create(namespace, ValidatorPods.validator("validator-0").build());

    InjectedKeys.assertUntouched(created);
    assertNothingAssignedIn(namespace);
  }

  private static void assertNothingAssignedIn(String namespace) {
    assertThat(cluster.secretsIn(namespace)).isEmpty();
    assertThat(cluster.leasesIn(namespace)).isZero();
  }
}
