package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Validator pods created through a real API server come back with their keystore mounted. */
@RequiresKubeApiServer
@Timeout(120)
class ValidatorPodInjectionE2ETest {
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
  void aValidatorPodInAnOptedInNamespaceComesBackWithAKeystoreThatOpensToItsPublicKey() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod created = cluster.create(namespace, ValidatorPods.validator("validator-0").build());

    InjectedKeys.assertServed(cluster.client(), created, "validator");
    Pod stored = cluster.client().pods().inNamespace(namespace).withName("validator-0").get();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(ValetLabels.LEASE, created.getMetadata().getLabels().get(ValetLabels.LEASE));
    assertThat(cluster.leasesIn(namespace)).isEqualTo(1);
  }

  @Test
  void aPodNamedOnlyByGenerateNameIsServedTheSameWay() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod created =
        cluster.create(namespace, ValidatorPods.validatorNamedByPrefix("validator-").build());

    assertThat(created.getMetadata().getName()).startsWith("validator-");
    InjectedKeys.assertServed(cluster.client(), created, "validator");
  }

  @Test
  void theContainersAnnotationMountsTheKeysInTheNamedContainerOnly() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    Pod pod =
        ValidatorPods.validator("validator-with-sidecar")
            .editMetadata()
            .addToAnnotations(ValetLabels.CONTAINERS, "validator")
            .endMetadata()
            .editSpec()
            .addToContainers(ValidatorPods.container("metrics"))
            .endSpec()
            .build();

    Pod created = cluster.create(namespace, pod);

    InjectedKeys.assertServed(cluster.client(), created, "validator");
    assertThat(InjectedKeys.keyMounts(InjectedKeys.containerNamed(created, "metrics"))).isEmpty();
  }

  @Test
  void twoValidatorPodsGetTwoDifferentKeys() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod first = cluster.create(namespace, ValidatorPods.validator("validator-a").build());
    Pod second = cluster.create(namespace, ValidatorPods.validator("validator-b").build());

    assertThat(first.getMetadata().getAnnotations().get(ValetLabels.PUBKEY))
        .isNotEqualTo(second.getMetadata().getAnnotations().get(ValetLabels.PUBKEY));
    assertThat(cluster.secretsIn(namespace)).hasSize(2);
  }
}
