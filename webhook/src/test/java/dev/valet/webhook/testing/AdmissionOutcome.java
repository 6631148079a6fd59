package dev.valet.webhook.testing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one admission request got back, as a test sees it from outside.
 *
 * @param uid the request uid that was sent
 * @param httpStatus the HTTP status, or 0 when no answer came (the connection failed or timed out)
 * @param allowed whether the review's response allowed the pod
 * @param message the denial's status message, the 400's error, or why no answer came
 * @param lease the lease id of the patch's {@code valet.dev/lease} label, when the pod got keys
 * @param took from sending the request to reading the answer
 * @param answeredAt when the answer was read
 */
public record AdmissionOutcome(
    String uid,
    int httpStatus,
    boolean allowed,
    String message,
    Optional<String> lease,
    Duration took,
    Instant answeredAt) {

  private static final String LEASE_LABEL = "valet.dev/lease";

  /** Sends {@code review} and records what came back; never throws for a missing answer. */
  public static AdmissionOutcome send(AdmissionClient client, JsonObject review)
      throws InterruptedException {
    return send(client, uidOf(review), review.toBuffer().getBytes());
  }

  /** Sends raw bytes under {@code uid} (which may be the empty string for a body without one). */
  public static AdmissionOutcome send(AdmissionClient client, String uid, byte[] body)
      throws InterruptedException {
    long started = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = client.post(body);
    } catch (IOException e) {
      return new AdmissionOutcome(
          uid, 0, false, e.toString(), Optional.empty(), since(started), Instant.now());
    }
    return of(uid, response, since(started));
  }

  /**
   * The outcome of an answer that came. A 200 must hold an AdmissionReview with a response, or this
   * throws as a test failure would.
   */
  public static AdmissionOutcome of(String uid, HttpResponse<String> response, Duration took) {
    if (response.statusCode() != 200) {
      return new AdmissionOutcome(
          uid,
          response.statusCode(),
          false,
          response.body(),
          Optional.empty(),
          took,
          Instant.now());
    }
    JsonObject answer = new JsonObject(response.body()).getJsonObject("response");
    boolean allowed = answer.getBoolean("allowed", false);
    String message =
        answer.containsKey("status") ? answer.getJsonObject("status").getString("message", "") : "";
    Optional<String> lease =
        answer.containsKey("patch") ? leaseOf(AdmissionClient.patch(answer)) : Optional.empty();
    return new AdmissionOutcome(uid, 200, allowed, message, lease, took, Instant.now());
  }

  /** Whether the pod was refused (or no answer came). */
  public boolean denied() {
    return !allowed;
  }

  /** Whether an HTTP answer came that the API server can read: a review, or a 400 with a reason. */
  public boolean answered() {
    return httpStatus == 200 || httpStatus == 400;
  }

  private static Optional<String> leaseOf(JsonArray patch) {
    for (Object item : patch) {
      JsonObject operation = (JsonObject) item;
      String path = operation.getString("path", "");
      if (path.equals("/metadata/labels/valet.dev~1lease")) {
        return Optional.of(operation.getString("value"));
      }
      if (path.equals("/metadata/labels") && operation.getValue("value") instanceof JsonObject o) {
        return Optional.ofNullable(o.getString(LEASE_LABEL));
      }
    }
    return Optional.empty();
  }

  private static String uidOf(JsonObject review) {
    try {
      return review.getJsonObject("request").getString("uid");
    } catch (ClassCastException | NullPointerException | DecodeException e) {
      return "";
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
