package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Validator pods Valet must refuse are refused by the API server with Valet's message, and leave no
 * pod, Secret or lease behind.
 */
@RequiresKubeApiServer
@Timeout(120)
class RefusedPodsE2ETest {
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
  void aPodThatBringsItsOwnLeaseLabelIsRefused() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    Pod pod =
        ValidatorPods.validator("validator-0")
            .editMetadata()
            .addToLabels(ValetLabels.LEASE, "00000000-0000-0000-0000-000000000001")
            .endMetadata()
            .build();

    KubernetesClientException refusal = refusalOf(namespace, pod);

    assertThat(refusal.getMessage())
        .contains("valet: the pod carries the label valet.dev/lease, which only Valet sets");
    assertNothingLeftIn(namespace);
  }

  @Test
  void aPodWithTwoContainersAndNoContainersAnnotationIsRefusedWithAMessageNamingIt() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    Pod pod =
        ValidatorPods.validator("validator-0")
            .editSpec()
            .addToContainers(ValidatorPods.container("metrics"))
            .endSpec()
            .build();

    KubernetesClientException refusal = refusalOf(namespace, pod);

    assertThat(refusal.getMessage())
        .contains("valet: the pod has 2 containers", "valet.dev/containers");
    assertNothingLeftIn(namespace);
  }

  @Test
  void aValidatorPodInANamespaceThatNamesAnUndefinedPoolIsRefusedNamingThePool() {
    String namespace = cluster.namespaceInPool("no-such-pool");

    KubernetesClientException refusal =
        refusalOf(namespace, ValidatorPods.validator("validator-0").build());

    assertThat(refusal.getMessage())
        .contains(
            "names pool 'no-such-pool', which is not defined in Valet's configuration",
            "defined: " + ValetOnKubernetes.POOL);
    assertNothingLeftIn(namespace);
  }

  private static KubernetesClientException refusalOf(String namespace, Pod pod) {
    KubernetesClientException refusal =
        catchThrowableOfType(KubernetesClientException.class, () -> cluster.create(namespace, pod));
    assertThat(refusal).as("the API server's refusal").isNotNull();
    assertThat(refusal.getMessage())
        .contains("admission webhook \"pods.valet.dev\" denied the request");
    return refusal;
  }

  private static void assertNothingLeftIn(String namespace) {
    assertThat(cluster.podsIn(namespace)).isEmpty();
    assertThat(cluster.secretsIn(namespace)).isEmpty();
    assertThat(cluster.leasesIn(namespace)).isZero();
  }
}
