package dev.valet.webhook.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AdmissionReviews for validator pods that no one ever creates, posted straight to Valet's {@code
 * /mutate} by a few threads at once, at most a fixed number in all: each one Valet allows leaves a
 * pending lease whose pod never appears. Every request's fate is recorded by its uid, so a test can
 * tell which ones a fault cut off in flight and send them again, as the API server would.
 */
public final class AdmissionBurst implements AutoCloseable {
  private final AdmissionClient client;
  private final String namespace;
  private final int limit;
  private final ExecutorService threads;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger sent = new AtomicInteger();
  private final Map<String, JsonObject> reviews = new ConcurrentHashMap<>();
  private final Map<String, String> granted = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Set<String> cutOff = ConcurrentHashMap.newKeySet();

  private AdmissionBurst(AdmissionClient client, String namespace, int limit, int concurrency) {
    this.client = client;
    this.namespace = namespace;
    this.limit = limit;
    this.threads = Executors.newFixedThreadPool(concurrency);
  }

  /** Starts {@code concurrency} threads that send up to {@code limit} reviews in all. */
  public static AdmissionBurst start(
      AdmissionClient client, String namespace, int limit, int concurrency) {
    AdmissionBurst burst = new AdmissionBurst(client, namespace, limit, concurrency);
    for (int i = 0; i < concurrency; i++) {
      burst.threads.execute(burst::sendUntilStopped);
    }
    return burst;
  }

  private void sendUntilStopped() {
    while (!stopping.get()) {
      int number = sent.getAndIncrement();
      if (number >= limit) {
        return;
      }
      String uid = UUID.randomUUID().toString();
      JsonObject review =
          AdmissionClient.podCreate(
              uid, namespace, AdmissionClient.validatorPod("never-created-" + number), false);
      reviews.put(uid, review);
      try {
        record(uid, client.post(review.toBuffer().getBytes()));
      } catch (IOException e) {
        cutOff.add(uid);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void record(String uid, HttpResponse<String> answer) {
    JsonObject response =
        answer.statusCode() == 200 ? new JsonObject(answer.body()).getJsonObject("response") : null;
    if (response == null || !response.getBoolean("allowed", false)) {
      denied.add(uid);
      return;
    }
    granted.put(uid, leaseLabel(response));
  }

  /** The lease label a patch adds, or "" when the answer carries none. */
  public static String leaseLabel(JsonObject response) {
    if (response.getString("patch") == null) {
      return "";
    }
    return AdmissionClient.patch(response).stream()
        .map(JsonObject.class::cast)
        .filter(op -> op.getString("path").startsWith("/metadata/labels"))
        .map(AdmissionBurst::labelValue)
        .filter(value -> !value.isEmpty())
        .findFirst()
        .orElse("");
  }

  private static String labelValue(JsonObject op) {
    Object value = op.getValue("value");
    if (value instanceof JsonObject labels) {
      return labels.getString("valet.dev/lease", "");
    }
    return op.getString("path").endsWith("valet.dev~1lease") ? String.valueOf(value) : "";
  }

  /** How many reviews Valet allowed so far. */
  public int grantedCount() {
    return granted.size();
  }

  /** The uids of the reviews allowed, with the lease each answer named. */
  public Map<String, String> granted() {
    return Map.copyOf(granted);
  }

  /** The uids of the reviews that got no answer: the connection failed or closed under them. */
  public List<String> cutOff() {
    return List.copyOf(cutOff);
  }

  /** How many reviews Valet denied. */
  public int deniedCount() {
    return denied.size();
  }

  /** The review sent with {@code uid}, to send it again. */
  public JsonObject review(String uid) {
    return reviews.get(uid);
  }

  /** Stops sending and waits for the requests in flight to end. */
  public void stop() throws InterruptedException {
    stopping.set(true);
    threads.shutdown();
    if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
      threads.shutdownNow();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
