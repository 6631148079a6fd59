package dev.valet.webhook.faults.db;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;

import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.AdmissionOutcome;
import dev.valet.webhook.testing.LocalValet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A bounded stream of validator pod admissions, each with a new request uid, sent by a few threads
 * with a short pause between requests, until stopped or until {@code maxRequests} were sent.
 */
final class AdmissionLoad {
  private static final Duration PAUSE = Duration.ofMillis(10);

  private final AdmissionClient client;
  private final int maxRequests;
  private final AtomicInteger sent = new AtomicInteger();
  private final Queue<AdmissionOutcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ExecutorService threads;
  private volatile boolean running = true;

  private AdmissionLoad(AdmissionClient client, int concurrency, int maxRequests) {
    this.client = client;
    this.maxRequests = maxRequests;
    this.threads = Executors.newFixedThreadPool(concurrency);
    for (int i = 0; i < concurrency; i++) {
      threads.submit(this::sendUntilStopped);
    }
  }

  static AdmissionLoad start(AdmissionClient client, int concurrency, int maxRequests) {
    return new AdmissionLoad(client, concurrency, maxRequests);
  }

  /** Waits until at least {@code count} outcomes match; fails the test after {@code timeout}. */
  void awaitOutcomes(Predicate<AdmissionOutcome> matching, int count, Duration timeout)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (count(matching) < count) {
      if (System.nanoTime() > until) {
        throw new AssertionError(
            "fewer than " + count + " matching outcomes within " + timeout + ": " + summary());
      }
      Thread.sleep(50);
    }
  }

  long count(Predicate<AdmissionOutcome> matching) {
    return outcomes.stream().filter(matching).count();
  }

  /** Stops sending, waits for the requests in flight, and returns every outcome. */
  List<AdmissionOutcome> stop() throws InterruptedException {
    running = false;
    threads.shutdown();
    if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
      threads.shutdownNow();
      throw new AssertionError("admissions still in flight 60 s after the load stopped");
    }
    return new ArrayList<>(outcomes);
  }

  private Void sendUntilStopped() throws InterruptedException {
    while (running && sent.incrementAndGet() <= maxRequests) {
      outcomes.add(
          AdmissionOutcome.send(client, podCreate(LocalValet.NAMESPACE, validatorPod("load-"))));
      Thread.sleep(PAUSE);
    }
    return null;
  }

  private String summary() {
    return outcomes.size()
        + " outcomes, "
        + count(AdmissionOutcome::allowed)
        + " allowed, last: "
        + outcomes.stream().reduce((first, second) -> second).orElse(null);
  }
}
