package dev.valet.webhook.bench;

import java.util.Optional;

/**
 * What one closed-loop run measured: its requests, how many failed (not HTTP 200 with an allowed
 * review), the wall time of the measured part, and every response time.
 *
 * @param firstError the first failure's description, if any failed
 */
public record LoadResult(
    int concurrency,
    int requests,
    int errors,
    long elapsedNanos,
    Latencies latencies,
    Optional<String> firstError) {

  /** Requests answered per second over the measured part. */
  public double perSecond() {
    return requests * 1e9 / elapsedNanos;
  }
}
