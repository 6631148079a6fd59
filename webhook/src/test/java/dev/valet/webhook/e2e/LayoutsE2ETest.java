package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.inject.Layout;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.layouts.ClientReaders;
import dev.valet.webhook.testing.layouts.FoundKeystore;
import dev.valet.webhook.testing.layouts.KubeletVolume;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pods asking for several keys in each layout, created through a real API server: the server
 * accepts the patched pod with its items projection (one Secret key projected to several paths
 * included), and the files the kubelet would write from the stored pod and Secret open as the
 * client reads them.
 */
@RequiresKubeApiServer
@Timeout(300)
class LayoutsE2ETest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static ValetOnKubernetes cluster;

  @TempDir Path temp;

  @BeforeAll
  static void startValet() throws Exception {
    cluster =
        ValetOnKubernetes.start(
            PoolSettings.defaults(ValetOnKubernetes.POOL)
                .withKdf(PoolSettings.Kdf.PBKDF2)
                .withMaxKeys(200)
                .withMaxNewKeysPerHour(200));
  }

  @AfterAll
  static void stopValet() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void theStoredPodProjectsItsSecretSoTheClientFindsAndOpensEveryKeystore(Layout layout)
      throws Exception {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod created = cluster.create(namespace, asking(3, layout, "validator-" + layout.label()));

    List<String> pubkeys = annotatedPubkeys(created);
    assertThat(pubkeys).hasSize(3).doesNotHaveDuplicates();
    assertThat(created.getSpec().getInitContainers().getFirst().getVolumeMounts())
        .singleElement()
        .satisfies(mount -> assertThat(mount.getName()).isEqualTo(ValetLabels.VOLUME));
    List<FoundKeystore> found = ClientReaders.of(layout).read(mount(created));
    assertThat(found).hasSize(3);
    assertThat(
            found.stream()
                .map(k -> Keystore.decrypt(k.keystoreJson(), k.password()).publicKey().toHex())
                .toList())
        .containsExactlyInAnyOrderElementsOf(pubkeys);
  }

  @Test
  void aSixtyFourKeyNimbusPodIsStoredWithOnePasswordProjectedToEveryKeysSecretFile()
      throws Exception {
    String namespace = cluster.namespaceInPool(ValetOnKubernetes.POOL);

    Pod created = cluster.create(namespace, asking(64, Layout.NIMBUS, "validator-64"));

    List<KeyToPath> items = keyVolume(created).getSecret().getItems();
    assertThat(items.stream().filter(item -> item.getKey().equals("password.txt"))).hasSize(64 + 1);
    List<String> pubkeys = annotatedPubkeys(created);
    List<FoundKeystore> found = ClientReaders.of(Layout.NIMBUS).read(mount(created));
    assertThat(found).hasSize(64);
    FoundKeystore first = found.getFirst();
    KeystoreKey key =
        KeystoreKey.derive(first.password(), Keystore.inspect(first.keystoreJson()).kdf());
    for (FoundKeystore keystore : found) {
      String opened = key.decrypt(keystore.keystoreJson()).publicKey().toHex();
      assertThat(keystore.expectedPubkey()).contains(opened);
      assertThat(keystore.password()).isEqualTo(first.password());
    }
    assertThat(found.stream().map(k -> k.expectedPubkey().orElseThrow()).toList())
        .containsExactlyInAnyOrderElementsOf(pubkeys);
  }

  /** A validator pod shaped like the client examples: an init container that imports the keys. */
  private static Pod asking(int keys, Layout layout, String name) {
    return ValidatorPods.validator(name)
        .editMetadata()
        .addToAnnotations(ValetLabels.KEYS, String.valueOf(keys))
        .addToAnnotations(ValetLabels.LAYOUT, layout.label())
        .addToAnnotations(ValetLabels.INIT_CONTAINERS, "import")
        .endMetadata()
        .editSpec()
        .addToInitContainers(ValidatorPods.container("import"))
        .endSpec()
        .build();
  }

  /** The files the kubelet would write for the stored pod's key volume from the stored Secret. */
  private Path mount(Pod pod) throws Exception {
    Volume volume = keyVolume(pod);
    Secret secret =
        cluster
            .client()
            .secrets()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(volume.getSecret().getSecretName())
            .get();
    assertThat(secret).as("the lease Secret").isNotNull();
    Map<String, byte[]> data = new LinkedHashMap<>();
    secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
    return KubeletVolume.write(
        new JsonObject(JSON.asJson(volume)), data, temp.resolve(pod.getMetadata().getName()));
  }

  private static Volume keyVolume(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(ValetLabels.VOLUME))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the pod has no volume " + ValetLabels.VOLUME));
  }

  private static List<String> annotatedPubkeys(Pod pod) {
    return List.of(pod.getMetadata().getAnnotations().get(ValetLabels.PUBKEYS).split(","));
  }
}
