package dev.valet.webhook.metrics;

import dev.valet.webhook.lease.ReconcilerService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;

/**
 * The lease reconciler as gauges: whether this replica leads, when its last full resync finished,
 * and how long ago that was (the lag an alert compares with the resync interval). The last two are
 * NaN on a replica that does not lead or has not finished a resync yet.
 */
final class ReconcilerGauges {
  static final String LEADING = "valet.reconciler.leading";
  static final String LAST_RESYNC = "valet.reconciler.last.resync.timestamp";
  static final String LAG = "valet.reconciler.lag";

  private ReconcilerGauges() {}

  static void register(MeterRegistry registry, ReconcilerService reconciler, Clock clock) {
    Gauge.builder(LEADING, () -> reconciler.isLeading() ? 1 : 0)
        .description("1 while this replica runs the lease reconciler")
        .register(registry);
    Gauge.builder(LAST_RESYNC, () -> seconds(lastResync(reconciler)))
        .description("When the last full resync finished, in Unix seconds")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder(
            LAG,
            () -> {
              Instant last = lastResync(reconciler);
              return last == null ? Double.NaN : (clock.millis() - last.toEpochMilli()) / 1000.0;
            })
        .description("Seconds since the last full resync finished")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Instant lastResync(ReconcilerService reconciler) {
    return reconciler.isLeading() ? reconciler.lastResync().orElse(null) : null;
  }

  private static double seconds(Instant instant) {
    return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
  }
}
