package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A dry-run create reaches Valet (sideEffects NoneOnDryRun) and changes nothing. */
@RequiresKubeApiServer
@Timeout(120)
class DryRunE2ETest {
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
  void aDryRunCreateOfAValidatorPodIsAllowedAndLeavesNoLeaseSecretOrPod() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod answered =
        cluster
            .client()
            .pods()
            .inNamespace(namespace)
            .resource(ValidatorPods.validator("validator-0").build())
            .dryRun()
            .create();

    InjectedKeys.assertUntouched(answered);
    assertThat(cluster.podsIn(namespace)).isEmpty();
    assertThat(cluster.secretsIn(namespace)).isEmpty();
    assertThat(cluster.leasesIn(namespace)).isZero();
  }

  @Test
  void aDryRunCreateIsJudgedByValetLikeARealOne() {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    Pod twoContainers =
        ValidatorPods.validator("validator-0")
            .editSpec()
            .addToContainers(ValidatorPods.container("metrics"))
            .endSpec()
            .build();

    KubernetesClientException refusal =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                cluster
                    .client()
                    .pods()
                    .inNamespace(namespace)
                    .resource(twoContainers)
                    .dryRun()
                    .create());

    assertThat(refusal).as("the API server's refusal").isNotNull();
    assertThat(refusal.getMessage()).contains("valet.dev/containers");
    assertThat(cluster.leasesIn(namespace)).isZero();
  }
}
