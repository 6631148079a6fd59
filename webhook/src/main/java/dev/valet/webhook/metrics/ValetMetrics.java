package dev.valet.webhook.metrics;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.lease.Allocator;
import dev.valet.webhook.lease.ReconcilerService;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Valet's metrics in one Prometheus registry, and the hooks that feed them: admissions,
 * allocations, certificates, the reconciler, and gauges read from the database on a timer. Only the
 * admin endpoint exports them; no metric carries a key, a password or anything else secret.
 */
public final class ValetMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AdmissionMetrics admissions = new AdmissionMetrics(registry);
  private final CertificateExpiry certificates = new CertificateExpiry(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ValetMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** The hook the admission handler tells of each answer. */
  public AdmissionObserver admissions() {
    return admissions;
  }

  /** {@code allocator}, counting allocations by source. */
  public Allocator counting(Allocator allocator) {
    return new MeteredAllocator(allocator, registry);
  }

  /** The hook whatever serves TLS tells of the certificate it serves. */
  public CertificateExpiry certificates() {
    return certificates;
  }

  /** Follows this replica's lease reconciler. */
  public void follow(ReconcilerService reconciler) {
    ReconcilerGauges.register(registry, reconciler, Clock.systemUTC());
  }

  /**
   * Reads pool, key, lease and deposit counts from the database every {@code interval}, until the
   * returned handle is closed.
   */
  public Refresh readPoolStates(
      Vertx vertx, PgPoolReads pools, Optional<DepositReads> deposits, Duration interval) {
    PoolStateGauges gauges = new PoolStateGauges(vertx, pools, deposits, registry);
    gauges.start(interval);
    return gauges;
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
