package dev.valet.webhook.admission;

import static dev.valet.webhook.admission.PodPatchTest.container;
import static dev.valet.webhook.admission.PodPatchTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.inject.Layout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PodPolicyTest {

  @Test
  void aPodWithOneContainerAndNoAnnotationsGetsOneKeyAtTheDefaultPath() throws Exception {
    PodPolicy.Decision decision = decide(new JsonObject(), container("main"));

    Injection injection = ((PodPolicy.Decision.Inject) decision).injection();
    assertThat(injection.keyCount()).isEqualTo(1);
    assertThat(injection.mountPath()).isEqualTo("/var/run/valet");
    assertThat(injection.layout()).isEqualTo(Layout.VALET);
    assertThat(injection.containers())
        .extracting(PodRequest.Container::name)
        .containsExactly("main");
  }

  @Test
  void twoContainersWithoutTheAnnotationAreRefusedNamingIt() throws Exception {
    PodPolicy.Decision decision = decide(new JsonObject(), container("a"), container("b"));

    assertThat(reason(decision)).contains("valet.dev/containers").contains("2 containers");
  }

  @Test
  void theContainersAnnotationPicksTheTargets() throws Exception {
    PodPolicy.Decision decision =
        decide(
            annotations("valet.dev/containers", " b , a"),
            container("a"),
            container("b"),
            container("c"));

    assertThat(((PodPolicy.Decision.Inject) decision).injection().containers())
        .extracting(PodRequest.Container::index)
        .containsExactly(1, 0);
  }

  @Test
  void aContainerNameThatIsNotARegularContainerIsRefused() throws Exception {
    JsonObject metadata = annotations("valet.dev/containers", "init");
    JsonObject pod = pod(metadata, container("main"));
    pod.getJsonObject("spec").put("initContainers", new JsonArray().add(container("init")));

    PodPolicy.Decision decision = PodPolicy.decide(PodRequest.parse(pod), 200);

    assertThat(reason(decision)).contains("'init'").contains("init and ephemeral containers");
  }

  @Test
  void aLeaseLabelBroughtByThePodIsRefused() throws Exception {
    JsonObject metadata =
        new JsonObject()
            .put(
                "labels",
                new JsonObject().put("valet.dev/validator", "true").put("valet.dev/lease", "x"));

    assertThat(reason(decide(metadata, container("main")))).contains("valet.dev/lease");
  }

  @Test
  void aPubkeyAnnotationBroughtByThePodIsRefused() throws Exception {
    assertThat(reason(decide(annotations("valet.dev/pubkey", "0xab"), container("main"))))
        .contains("valet.dev/pubkey");
    assertThat(reason(decide(annotations("valet.dev/pool", "other"), container("main"))))
        .contains("valet.dev/pool");
  }

  @Test
  void aVolumeNamedLikeValetsIsRefused() throws Exception {
    JsonObject pod = pod(new JsonObject(), container("main"));
    pod.getJsonObject("spec")
        .put("volumes", new JsonArray().add(new JsonObject().put("name", "valet-keys")));

    assertThat(reason(PodPolicy.decide(PodRequest.parse(pod), 200))).contains("valet-keys");
  }

  @Test
  void aContainerOrInitContainerThatMountsValetsVolumeItselfIsRefused() throws Exception {
    JsonObject stealing = new JsonObject().put("name", "valet-keys").put("mountPath", "/keys");
    JsonObject sidecar =
        container("sidecar").put("volumeMounts", new JsonArray().add(stealing.copy()));
    JsonObject sidecarPod =
        pod(annotations("valet.dev/containers", "main"), container("main"), sidecar);
    JsonObject initPod = pod(new JsonObject(), container("main"));
    initPod
        .getJsonObject("spec")
        .put(
            "initContainers",
            new JsonArray()
                .add(container("copy").put("volumeMounts", new JsonArray().add(stealing.copy()))));

    assertThat(reason(PodPolicy.decide(PodRequest.parse(sidecarPod), 200)))
        .contains("container 'sidecar' already mounts a volume named valet-keys");
    assertThat(reason(PodPolicy.decide(PodRequest.parse(initPod), 200)))
        .contains("container 'copy' already mounts a volume named valet-keys");
  }

  @Test
  void keyCountsOutsideOneToThePoolMaximumAreRefused() throws Exception {
    for (String bad : new String[] {"0", "-1", "201", "two", "1.5", ""}) {
      assertThat(reason(decide(annotations("valet.dev/keys", bad), container("main"))))
          .as("keys=%s", bad)
          .contains("from 1 to 200");
    }
    PodPolicy.Decision ok = decide(annotations("valet.dev/keys", "200"), container("main"));
    assertThat(((PodPolicy.Decision.Inject) ok).injection().keyCount()).isEqualTo(200);
  }

  @Test
  void unsafeMountPathsAreRefused() throws Exception {
    for (String bad : new String[] {"relative", "/", "/a/../etc", "/a/./b", "/a b", "/a:b"}) {
      assertThat(reason(decide(annotations("valet.dev/mount-path", bad), container("main"))))
          .as("path %s", bad)
          .contains("valet.dev/mount-path");
    }
  }

  @Test
  void aMountPathAlreadyUsedByTheContainerIsRefused() throws Exception {
    JsonObject main =
        container("main")
            .put(
                "volumeMounts",
                new JsonArray().add(new JsonObject().put("name", "x").put("mountPath", "/keys")));

    assertThat(reason(decide(annotations("valet.dev/mount-path", "/keys"), main)))
        .contains("already mounts");
  }

  @Test
  void anUnknownLayoutIsRefusedListingTheAllowedOnes() throws Exception {
    assertThat(reason(decide(annotations("valet.dev/layout", "geth"), container("main"))))
        .contains("must be one of: " + Layout.allowed());
  }

  private static PodPolicy.Decision decide(JsonObject metadata, JsonObject... containers)
      throws BadReviewException {
    return PodPolicy.decide(PodRequest.parse(pod(metadata, containers)), 200);
  }

  private static JsonObject annotations(String key, String value) {
    return new JsonObject().put("annotations", new JsonObject().put(key, value));
  }

  private static String reason(PodPolicy.Decision decision) {
    assertThat(decision).isInstanceOf(PodPolicy.Decision.Refused.class);
    return ((PodPolicy.Decision.Refused) decision).reason();
  }
}
