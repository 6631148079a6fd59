package dev.valet.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.inject.Layout;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class PodPatchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonObject VOLUME =
      new JsonObject()
          .put("name", "valet-keys")
          .put("secret", new JsonObject().put("secretName", "valet-l1").put("defaultMode", 256));

  @Test
  void addsEverythingToAPodWithNoLabelsAnnotationsVolumesOrMounts() throws Exception {
    JsonObject pod = pod(new JsonObject(), container("main"));

    JsonNode patched = apply(pod, 0);

    assertThat(patched.at("/metadata/labels/valet.dev~1lease").asString()).isEqualTo("l1");
    assertThat(patched.at("/metadata/annotations/valet.dev~1pubkey").asString()).isEqualTo("0xab");
    assertThat(patched.at("/spec/volumes/0/secret/secretName").asString()).isEqualTo("valet-l1");
    assertThat(patched.at("/spec/volumes/0/secret/defaultMode").asInt()).isEqualTo(0400);
    JsonNode mount = patched.at("/spec/containers/0/volumeMounts/0");
    assertThat(mount.get("name").asString()).isEqualTo("valet-keys");
    assertThat(mount.get("mountPath").asString()).isEqualTo("/var/run/valet");
    assertThat(mount.get("readOnly").asBoolean()).isTrue();
  }

  @Test
  void appendsToExistingEntriesAndRemovesNothing() throws Exception {
    JsonObject metadata =
        new JsonObject()
            .put("name", "v")
            .put("labels", new JsonObject().put("app", "v").put("valet.dev/validator", "true"))
            .put("annotations", new JsonObject().put("note", "kept"));
    JsonObject main =
        container("main")
            .put(
                "volumeMounts",
                new JsonArray()
                    .add(new JsonObject().put("name", "data").put("mountPath", "/data")));
    JsonObject pod = pod(metadata, main, container("sidecar"));
    pod.getJsonObject("spec")
        .put(
            "volumes",
            new JsonArray()
                .add(new JsonObject().put("name", "data").put("emptyDir", new JsonObject())));

    JsonNode patched = apply(pod, 0);

    assertThat(patched.at("/metadata/labels/app").asString()).isEqualTo("v");
    assertThat(patched.at("/metadata/labels/valet.dev~1validator").asString()).isEqualTo("true");
    assertThat(patched.at("/metadata/labels/valet.dev~1lease").asString()).isEqualTo("l1");
    assertThat(patched.at("/metadata/annotations/note").asString()).isEqualTo("kept");
    assertThat(patched.at("/spec/volumes").size()).isEqualTo(2);
    assertThat(patched.at("/spec/volumes/0/name").asString()).isEqualTo("data");
    assertThat(patched.at("/spec/containers/0/volumeMounts").size()).isEqualTo(2);
    assertThat(patched.at("/spec/containers/0/volumeMounts/0/name").asString()).isEqualTo("data");
    assertThat(patched.at("/spec/containers/1/volumeMounts").isMissingNode()).isTrue();
  }

  @Test
  void mountsOnlyTheTargetContainerByIndex() throws Exception {
    JsonObject pod = pod(new JsonObject(), container("sidecar"), container("validator"));

    JsonNode patched = apply(pod, 1);

    assertThat(patched.at("/spec/containers/0/volumeMounts").isMissingNode()).isTrue();
    assertThat(patched.at("/spec/containers/1/volumeMounts/0/name").asString())
        .isEqualTo("valet-keys");
  }

  @Test
  void escapesSlashAndTildeInKeys() {
    assertThat(PodPatch.escape("valet.dev/pubkey")).isEqualTo("valet.dev~1pubkey");
    assertThat(PodPatch.escape("a~b/c")).isEqualTo("a~0b~1c");
    assertThat(PodPatch.escape("~1")).isEqualTo("~01");
  }

  @Test
  void annotationKeysWithTildeSurviveAJsonPatchImplementation() throws Exception {
    JsonObject metadata = new JsonObject().put("annotations", new JsonObject().put("x~y/z", "1"));
    JsonObject pod = pod(metadata, container("main"));
    PodRequest request = PodRequest.parse(pod);
    Injection injection = new Injection(1, request.containers(), List.of(), "/keys", Layout.VALET);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("valet.dev/pubkey", "0xab");
    annotations.put("odd~key/with", "v");

    JsonArray patch = PodPatch.build(request, injection, "l1", annotations, VOLUME);
    JsonNode patched =
        JsonPatch.apply(MAPPER.readTree(patch.encode()), MAPPER.readTree(pod.encode()));

    assertThat(patched.at("/metadata/annotations/odd~0key~1with").asString()).isEqualTo("v");
    assertThat(patched.at("/metadata/annotations/x~0y~1z").asString()).isEqualTo("1");
  }

  @Test
  void everyOperationIsAnAdd() throws Exception {
    JsonObject pod = pod(new JsonObject().put("labels", new JsonObject()), container("main"));
    PodRequest request = PodRequest.parse(pod);
    Injection injection =
        new Injection(1, request.containers(), List.of(), "/var/run/valet", Layout.VALET);

    JsonArray patch =
        PodPatch.build(request, injection, "l1", Map.of("valet.dev/pubkey", "0x"), VOLUME);

    assertThat(patch.stream().map(op -> ((JsonObject) op).getString("op"))).containsOnly("add");
  }

  private static JsonNode apply(JsonObject pod, int target) throws Exception {
    PodRequest request = PodRequest.parse(pod);
    Injection injection =
        new Injection(
            1,
            List.of(request.containers().get(target)),
            List.of(),
            "/var/run/valet",
            Layout.VALET);
    JsonArray patch =
        PodPatch.build(request, injection, "l1", Map.of("valet.dev/pubkey", "0xab"), VOLUME);
    return JsonPatch.apply(MAPPER.readTree(patch.encode()), MAPPER.readTree(pod.encode()));
  }

  static JsonObject pod(JsonObject metadata, JsonObject... containers) {
    return new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "Pod")
        .put("metadata", metadata)
        .put(
            "spec",
            new JsonObject().put("containers", new JsonArray(List.of((Object[]) containers))));
  }

  static JsonObject container(String name) {
    return new JsonObject().put("name", name).put("image", "validator:1");
  }
}
