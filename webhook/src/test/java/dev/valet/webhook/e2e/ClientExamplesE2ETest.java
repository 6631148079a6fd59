package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pod made from each client example's template, created through a real API server, comes back
 * with the keys mounted in the validator container and in every import init container.
 */
@RequiresKubeApiServer
@Timeout(120)
class ClientExamplesE2ETest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static ValetOnKubernetes cluster;

  @BeforeAll
  static void startValet() throws Exception {
    cluster =
        ValetOnKubernetes.start(
            PoolSettings.defaults(ValetOnKubernetes.POOL)
                .withKdf(PoolSettings.Kdf.PBKDF2)
                .withMaxNewKeysPerHour(100));
  }

  @AfterAll
  static void stopValet() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lighthouse", "teku", "prysm", "lodestar", "nimbus"})
  void aPodOfTheExampleGetsTheKeysInItsImportStepsAndItsClient(String client) throws Exception {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);
    PodTemplateSpec template =
        YAML.unmarshal(
                Files.readString(Path.of("../manifests/examples", client + ".yaml")),
                StatefulSet.class)
            .getSpec()
            .getTemplate();
    Pod pod =
        new PodBuilder()
            .withMetadata(template.getMetadata())
            .editMetadata()
            .withName(client + "-validator-0")
            .withNamespace(namespace)
            .endMetadata()
            .withSpec(template.getSpec())
            .build();

    Pod created = cluster.create(namespace, pod);

    assertThat(created.getMetadata().getLabels()).containsKey(ValetLabels.LEASE);
    assertThat(created.getSpec().getInitContainers()).allSatisfy(ClientExamplesE2ETest::hasKeys);
    assertThat(created.getSpec().getContainers()).allSatisfy(ClientExamplesE2ETest::hasKeys);
  }

  private static void hasKeys(Container container) {
    assertThat(container.getVolumeMounts())
        .as(container.getName())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo(ValetLabels.VOLUME);
              assertThat(mount.getMountPath()).isEqualTo(ValetLabels.DEFAULT_MOUNT_PATH);
            });
  }
}
