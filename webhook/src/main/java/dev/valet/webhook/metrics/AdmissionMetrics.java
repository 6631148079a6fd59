package dev.valet.webhook.metrics;

import dev.valet.webhook.admission.AdmissionDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Admissions by outcome and their latency. The outcome is {@code allowed-patched} (keys were
 * injected), {@code allowed-unchanged} (the pod was not Valet's to change, or a dry run) or {@code
 * denied}; a denial's reason class is {@code invalid} (400: the pod or review is malformed), {@code
 * refused} (403: policy or an exhausted pool), {@code unavailable} (503: not ready, or past the
 * deadline) or {@code failed} (any other status: Valet or a peer failed).
 */
final class AdmissionMetrics implements AdmissionObserver {
  static final String ADMISSIONS = "valet.admissions";
  static final String DURATION = "valet.admission.duration";

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final Timer latency;
  private final Map<String, Counter> counters = new HashMap<>();

  AdmissionMetrics(MeterRegistry registry) {
    latency =
        Timer.builder(DURATION)
            .description("Time from reading an AdmissionReview to deciding it")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    register(registry, "allowed-patched", "none");
    register(registry, "allowed-unchanged", "none");
    for (String reason : new String[] {"invalid", "refused", "unavailable", "failed"}) {
      register(registry, "denied", reason);
    }
  }

  private void register(MeterRegistry registry, String outcome, String reason) {
    counters.put(
        outcome + "/" + reason,
        Counter.builder(ADMISSIONS)
            .description("Admissions answered, by outcome and the reason class of a denial")
            .tag("outcome", outcome)
            .tag("reason", reason)
            .register(registry));
  }

  @Override
  public void answered(AdmissionDecision decision, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    counters.get(key(decision)).increment();
  }

  private static String key(AdmissionDecision decision) {
    if (decision.allowed()) {
      return decision.patch() == null ? "allowed-unchanged/none" : "allowed-patched/none";
    }
    return "denied/"
        + switch (decision.code()) {
          case 400 -> "invalid";
          case 403 -> "refused";
          case 503 -> "unavailable";
          default -> "failed";
        };
  }
}
