package dev.valet.webhook.admission;

import static dev.valet.webhook.admission.PodPatchTest.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Init containers get the keys only when the pod names them, so one can run a client's import. */
class InitContainersTest {

  @Test
  void withoutTheAnnotationNoInitContainerGetsTheMount() throws Exception {
    Injection injection = inject(new JsonObject());

    assertThat(injection.initContainers()).isEmpty();
    assertThat(patch(injection).encode()).doesNotContain("/spec/initContainers");
  }

  @Test
  void aNamedInitContainerGetsTheSameReadOnlyMountAsTheValidator() throws Exception {
    Injection injection = inject(annotation("import"));

    JsonArray patch = patch(injection);

    JsonObject added = operation(patch, "/spec/initContainers/1/volumeMounts");
    JsonObject mount = added.getJsonArray("value").getJsonObject(0);
    assertThat(mount.getString("name")).isEqualTo(ValetLabels.VOLUME);
    assertThat(mount.getString("mountPath")).isEqualTo(ValetLabels.DEFAULT_MOUNT_PATH);
    assertThat(mount.getBoolean("readOnly")).isTrue();
    assertThat(patch.encode()).doesNotContain("/spec/initContainers/0/");
  }

  @Test
  void anInitContainerNameThePodLacksIsRefusedListingTheInitContainers() throws Exception {
    PodPolicy.Decision decision = PodPolicy.decide(PodRequest.parse(pod(annotation("main"))), 200);

    assertThat(((PodPolicy.Decision.Refused) decision).reason())
        .contains(ValetLabels.INIT_CONTAINERS)
        .contains("'main'")
        .contains("setup, import");
  }

  private static Injection inject(JsonObject metadata) throws Exception {
    PodPolicy.Decision decision = PodPolicy.decide(PodRequest.parse(pod(metadata)), 200);
    return ((PodPolicy.Decision.Inject) decision).injection();
  }

  private static JsonObject pod(JsonObject metadata) {
    JsonObject pod = PodPatchTest.pod(metadata, container("main"));
    pod.getJsonObject("spec")
        .put("initContainers", new JsonArray().add(container("setup")).add(container("import")));
    return pod;
  }

  private static JsonArray patch(Injection injection) throws Exception {
    return PodPatch.build(
        PodRequest.parse(pod(new JsonObject())),
        injection,
        "lease-1",
        Map.of(),
        new JsonObject().put("name", ValetLabels.VOLUME));
  }

  private static JsonObject annotation(String initContainers) {
    return new JsonObject()
        .put("annotations", new JsonObject().put(ValetLabels.INIT_CONTAINERS, initContainers));
  }

  private static JsonObject operation(JsonArray patch, String path) {
    for (int i = 0; i < patch.size(); i++) {
      if (patch.getJsonObject(i).getString("path").equals(path)) {
        return patch.getJsonObject(i);
      }
    }
    throw new AssertionError("no operation on " + path + " in " + patch.encode());
  }
}
