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

/**
 * With Valet down, the webhook fails closed (failurePolicy Fail): no validator pod starts without
 * its key, and pods Valet does not select are not held up.
 */
@RequiresKubeApiServer
@Timeout(120)
class WebhookDownE2ETest {
  private static ValetOnKubernetes cluster;
  private static String namespace;

  @BeforeAll
  static void startValetThenStopIt() throws Exception {
    cluster = ValetOnKubernetes.start();
    namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    cluster.stopValet();
  }

  @AfterAll
  static void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aValidatorPodIsRefusedWhileValetIsDownAndNothingIsLeftBehind() {
    KubernetesClientException refusal =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> cluster.create(namespace, ValidatorPods.validator("validator-0").build()));

    assertThat(refusal).as("the API server's refusal").isNotNull();
    assertThat(refusal.getMessage()).contains("failed calling webhook \"pods.valet.dev\"");
    assertThat(cluster.client().pods().inNamespace(namespace).withName("validator-0").get())
        .isNull();
    assertThat(cluster.secretsIn(namespace)).isEmpty();
    assertThat(cluster.leasesIn(namespace)).isZero();
  }

  @Test
  void aPodWithoutTheValidatorLabelIsStillCreatedWhileValetIsDown() {
    Pod created = cluster.create(namespace, ValidatorPods.ordinary("beacon-node").build());

    InjectedKeys.assertUntouched(created);
  }
}
