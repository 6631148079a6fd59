package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.keys.Keystore;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.inject.LeaseFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** What a pod that Valet served must carry, checked against the pod and Secret the API stores. */
final class InjectedKeys {
  static final int OWNER_READ_ONLY = 0400;

  private InjectedKeys() {}

  /**
   * Asserts that {@code pod} came back with a lease, a public key, the secret volume and a
   * read-only mount in {@code container}, and that its Secret holds a keystore that opens with the
   * password beside it to that public key.
   *
   * @return the public key
   */
  static String assertServed(KubernetesClient client, Pod pod, String container) {
    String lease = pod.getMetadata().getLabels().get(ValetLabels.LEASE);
    String pubkey = pod.getMetadata().getAnnotations().get(ValetLabels.PUBKEY);
    assertThat(lease).as("the lease label").isNotBlank();
    assertThat(pubkey).as("the pubkey annotation").matches("0x[0-9a-f]{96}");

    String secretName = "valet-" + lease;
    Volume volume = keyVolume(pod);
    assertThat(volume.getSecret().getSecretName()).isEqualTo(secretName);
    assertThat(volume.getSecret().getDefaultMode()).isEqualTo(OWNER_READ_ONLY);
    assertThat(keyMounts(containerNamed(pod, container)))
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo(ValetLabels.DEFAULT_MOUNT_PATH);
              assertThat(mount.getReadOnly()).as("readOnly of the key mount").isEqualTo(true);
            });

    Secret secret =
        client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(secretName).get();
    assertThat(secret).as("Secret " + secretName).isNotNull();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(ValetLabels.LEASE, lease)
        .containsEntry(ValetLabels.POOL, ValetOnKubernetes.POOL);
    Map<String, String> data = secret.getData();
    assertThat(data).containsKeys(LeaseFiles.KEYSTORE, LeaseFiles.PASSWORD, LeaseFiles.PUBKEY);
    assertThat(decoded(data, LeaseFiles.PUBKEY).strip()).isEqualTo(pubkey);
    String opened =
        Keystore.decrypt(decoded(data, LeaseFiles.KEYSTORE), decoded(data, LeaseFiles.PASSWORD))
            .publicKey()
            .toHex();
    assertThat(opened).as("the public key of the decrypted keystore").isEqualTo(pubkey);
    return pubkey;
  }

  /** Asserts that Valet left {@code pod} as it was sent: no lease, key, volume or mount. */
  static void assertUntouched(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    assertThat(labels == null ? Map.of() : labels).doesNotContainKey(ValetLabels.LEASE);
    assertThat(annotations == null ? Map.of() : annotations)
        .doesNotContainKeys(ValetLabels.PUBKEY, ValetLabels.PUBKEYS);
    assertThat(pod.getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain(ValetLabels.VOLUME);
    for (Container container : pod.getSpec().getContainers()) {
      assertThat(keyMounts(container)).as("mounts of " + container.getName()).isEmpty();
    }
  }

  static Container containerNamed(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the pod has no container " + name));
  }

  static List<VolumeMount> keyMounts(Container container) {
    return container.getVolumeMounts().stream()
        .filter(mount -> mount.getName().equals(ValetLabels.VOLUME))
        .toList();
  }

  private static Volume keyVolume(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(ValetLabels.VOLUME))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the pod has no volume " + ValetLabels.VOLUME));
  }

  private static String decoded(Map<String, String> data, String key) {
    return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
  }
}
