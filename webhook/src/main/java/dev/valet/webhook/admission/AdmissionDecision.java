package dev.valet.webhook.admission;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Valet's answer to one admission request.
 *
 * @param allowed whether the pod may be created
 * @param patch the JSON Patch to apply, or null
 * @param code the HTTP-style status code of a denial
 * @param message what an operator reads when the pod is denied
 * @param warnings warnings shown to the client that created the pod
 */
public record AdmissionDecision(
    boolean allowed, JsonArray patch, int code, String message, List<String> warnings) {
  /** The longest reason given, so that one quoting a huge value from the review stays readable. */
  private static final int MAX_REASON = 1024;

  public static AdmissionDecision allow() {
    return new AdmissionDecision(true, null, 200, null, List.of());
  }

  public static AdmissionDecision allowWithWarning(String warning) {
    return new AdmissionDecision(true, null, 200, null, List.of("valet: " + warning));
  }

  public static AdmissionDecision patch(JsonArray patch) {
    return new AdmissionDecision(true, patch, 200, null, List.of());
  }

  /**
   * A denial; {@code code} is 400 for a bad pod, 403 for a refusal, 5xx for Valet's failures. A
   * reason that quotes a huge value from the review is shortened, so that what the API server shows
   * and records stays readable.
   */
  public static AdmissionDecision deny(int code, String message) {
    String reason =
        message.length() <= MAX_REASON
            ? message
            : message.substring(0, MAX_REASON) + "... (shortened by Valet)";
    return new AdmissionDecision(false, null, code, "valet: " + reason, List.of());
  }

  /** The AdmissionReview that answers the request {@code uid}. */
  public JsonObject toReview(String uid) {
    JsonObject response = new JsonObject().put("uid", uid).put("allowed", allowed);
    if (patch != null) {
      response
          .put("patchType", "JSONPatch")
          .put(
              "patch",
              Base64.getEncoder().encodeToString(patch.encode().getBytes(StandardCharsets.UTF_8)));
    }
    if (!allowed) {
      response.put("status", new JsonObject().put("code", code).put("message", message));
    }
    if (!warnings.isEmpty()) {
      response.put("warnings", new JsonArray(warnings));
    }
    return new JsonObject()
        .put("apiVersion", AdmissionRequest.API_VERSION)
        .put("kind", "AdmissionReview")
        .put("response", response);
  }
}
