package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Secret that Valet's Deployment and the certs Job mount is one the dev overlay generates,
 * and it holds the file that Valet's configuration reads at that mount: a renamed Secret or key
 * would leave the pods waiting for a volume, or Valet without its master key or password.
 */
class MountedSecretsTest {

  @Test
  void everyMountedSecretIsGeneratedAndHoldsTheFileTheConfigurationReads() throws Exception {
    ShippedManifests dev = ShippedManifests.build("overlays/dev");
    String config = ValetConfigs.text(dev);
    List<PodSpec> pods =
        List.of(
            dev.one(Deployment.class, "valet").getSpec().getTemplate().getSpec(),
            dev.one(Job.class, "valet-certs").getSpec().getTemplate().getSpec());
    List<String> checked = new ArrayList<>();

    for (PodSpec pod : pods) {
      for (Container container : pod.getContainers()) {
        for (VolumeMount mount : container.getVolumeMounts()) {
          Volume volume = volume(pod, mount.getName());
          if (volume.getSecret() == null) {
            continue;
          }
          Secret secret = dev.one(Secret.class, volume.getSecret().getSecretName());
          List<String> files =
              secret.getData().keySet().stream()
                  .map(key -> mount.getMountPath() + "/" + key)
                  .toList();
          assertThat(files)
              .as(container.getName() + " mounts Secret " + secret.getMetadata().getName())
              .anyMatch(file -> config.contains(": " + file));
          checked.add(container.getName() + ":" + mount.getMountPath());
        }
      }
    }
    assertThat(checked)
        .containsExactlyInAnyOrder(
            "valet:/etc/valet/master-key",
            "valet:/etc/valet/database",
            "certs:/etc/valet/database");
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }
}
