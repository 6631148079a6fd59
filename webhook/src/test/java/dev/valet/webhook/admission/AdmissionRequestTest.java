package dev.valet.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AdmissionRequestTest {
  static final Path SAMPLE = Path.of("../manifests/examples/admission-review.json");

  @Test
  void theReadmeSampleParsesAsAPodCreate() throws Exception {
    AdmissionRequest request = AdmissionRequest.parse(Buffer.buffer(Files.readString(SAMPLE)));

    assertThat(request.isPodCreate()).isTrue();
    assertThat(request.namespace()).isEqualTo("validators");
    assertThat(request.uid()).isEqualTo("3b2c1f0e-8a4d-4c6b-9e21-5d7f0a1b2c3d");
  }

  @Test
  void unknownFieldsAreAccepted() throws Exception {
    JsonObject review = new JsonObject(Files.readString(SAMPLE));
    review.put("surprise", 1);
    review.getJsonObject("request").put("newField", new JsonObject().put("x", 1));
    review
        .getJsonObject("request")
        .getJsonObject("object")
        .put("status", new JsonObject().put("phase", "x"));

    assertThat(AdmissionRequest.parse(review.toBuffer()).isPodCreate()).isTrue();
  }

  @Test
  void malformedBodiesAreRefusedWithAReason() {
    assertRefused("", "the body is empty");
    assertRefused("{", "not valid JSON");
    assertRefused("[]", "must be a JSON object");
    assertRefused("42", "must be a JSON object");
    assertRefused("{}", "AdmissionReview");
    assertRefused(
        "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}",
        "admissionReviewVersions");
    assertRefused(
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
        "request is missing");
    assertRefused(
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":[]}",
        "request must be an object");
    assertRefused(
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":7}}",
        "request.uid must be a string");
  }

  @Test
  void aUidTheApiServerWouldNeverSendIsRefusedBeforeItIsStored() throws Exception {
    for (String uid : new String[] {"a\u0000b", "x".repeat(129), "two words", "tab\there"}) {
      JsonObject review = new JsonObject(Files.readString(SAMPLE));
      review.getJsonObject("request").put("uid", uid);

      assertThatThrownBy(() -> AdmissionRequest.parse(review.toBuffer()))
          .isInstanceOf(BadReviewException.class)
          .hasMessageContaining("request.uid must be at most 128 printable ASCII characters");
    }
  }

  @Test
  void aFieldOfTheWrongTypeAfterTheUidCarriesTheUid() {
    String body =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"request\":{\"uid\":\"u1\",\"kind\":\"Pod\"}}";

    assertThatThrownBy(() -> AdmissionRequest.parse(Buffer.buffer(body)))
        .isInstanceOfSatisfying(
            BadReviewException.class,
            e -> {
              assertThat(e.uid()).contains("u1");
              assertThat(e.getMessage()).contains("request.kind must be an object");
            });
  }

  @Test
  void podFieldsOfTheWrongTypeAreRefusedNotCrashed() throws Exception {
    JsonObject pod =
        new JsonObject(Files.readString(SAMPLE)).getJsonObject("request").getJsonObject("object");
    pod.getJsonObject("metadata").put("labels", "not a map");
    assertThatThrownBy(() -> PodRequest.parse(pod))
        .hasMessageContaining("metadata.labels must be an object");

    pod.getJsonObject("metadata").put("labels", new JsonObject().put("a", 1));
    assertThatThrownBy(() -> PodRequest.parse(pod))
        .hasMessageContaining("metadata.labels.a must be a string");

    pod.getJsonObject("metadata").remove("labels");
    pod.getJsonObject("spec").put("containers", new JsonObject());
    assertThatThrownBy(() -> PodRequest.parse(pod))
        .hasMessageContaining("spec.containers must be a list");
  }

  private static void assertRefused(String body, String reason) {
    assertThatThrownBy(() -> AdmissionRequest.parse(Buffer.buffer(body)))
        .as(body)
        .isInstanceOf(BadReviewException.class)
        .hasMessageContaining(reason);
  }
}
