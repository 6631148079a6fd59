package dev.valet.webhook.metrics;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.KeyState;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.admin.PoolView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database on a timer, never per scrape: keys by pool and state, unreleased
 * leases by pool and state, what is left of each pool's caps, and deposits by pool and state where
 * deposits are tracked. A failed refresh keeps the last values; the refresh timestamp tells how
 * fresh they are.
 */
final class PoolStateGauges implements Refresh {
  private static final Logger LOG = LoggerFactory.getLogger(PoolStateGauges.class);

  static final String KEYS = "valet.keys";
  static final String LEASES = "valet.leases";
  static final String KEYS_LEFT = "valet.pool.keys.left";
  static final String HOUR_LEFT = "valet.pool.new.keys.left.this.hour";
  static final String DEPOSITS = "valet.deposits";
  static final String REFRESHED = "valet.state.refresh.timestamp";

  private final Vertx vertx;
  private final PgPoolReads pools;
  private final Optional<DepositReads> deposits;
  private final MultiGauge keys;
  private final MultiGauge leases;
  private final MultiGauge keysLeft;
  private final MultiGauge hourLeft;
  private final MultiGauge depositStates;
  private final AtomicLong refreshedMillis = new AtomicLong();
  private long timer = -1;
  private volatile boolean closed;

  PoolStateGauges(
      Vertx vertx, PgPoolReads pools, Optional<DepositReads> deposits, MeterRegistry registry) {
    this.vertx = vertx;
    this.pools = pools;
    this.deposits = deposits;
    this.keys = gauge(registry, KEYS, "Keys by pool and state");
    this.leases = gauge(registry, LEASES, "Unreleased leases by pool and state");
    this.keysLeft = gauge(registry, KEYS_LEFT, "Keys a pool may still create under maxKeys");
    this.hourLeft =
        gauge(registry, HOUR_LEFT, "Keys a pool may still create this hour (maxNewKeysPerHour)");
    this.depositStates = gauge(registry, DEPOSITS, "Deposits by pool and state");
    Gauge.builder(REFRESHED, () -> refreshedMillis.get() / 1000.0)
        .description("When the pool gauges were last read from the database, in Unix seconds")
        .baseUnit("seconds")
        .register(registry);
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** Reads now, then every {@code interval}. */
  void start(Duration interval) {
    refresh();
    timer = vertx.setPeriodic(interval.toMillis(), id -> refresh());
  }

  /** Reads the database once; completes when the gauges hold what it answered. */
  Future<Void> refresh() {
    Future<Map<String, Map<String, Long>>> depositCounts =
        deposits.map(DepositReads::countsByPool).orElse(Future.succeededFuture(Map.of()));
    return pools
        .all()
        .compose(views -> depositCounts.map(counts -> update(views, counts)))
        .onFailure(
            e -> {
              if (!closed) {
                LOG.warn("Could not refresh the pool gauges: {}", e.toString());
              }
            })
        .mapEmpty();
  }

  private Void update(List<PoolView> views, Map<String, Map<String, Long>> depositCounts) {
    List<MultiGauge.Row<?>> keyRows = new ArrayList<>();
    List<MultiGauge.Row<?>> leaseRows = new ArrayList<>();
    List<MultiGauge.Row<?>> leftRows = new ArrayList<>();
    List<MultiGauge.Row<?>> hourRows = new ArrayList<>();
    for (PoolView pool : views) {
      for (KeyState state : KeyState.values()) {
        keyRows.add(row(pool.name(), state.label(), pool.keys().of(state)));
      }
      leaseRows.add(row(pool.name(), "pending", pool.pendingLeases()));
      leaseRows.add(row(pool.name(), "bound", pool.boundLeases()));
      pool.caps()
          .ifPresent(
              caps -> {
                leftRows.add(MultiGauge.Row.of(Tags.of("pool", pool.name()), caps.keysLeft()));
                hourRows.add(
                    MultiGauge.Row.of(Tags.of("pool", pool.name()), caps.newKeysLeftThisHour()));
              });
    }
    List<MultiGauge.Row<?>> depositRows = new ArrayList<>();
    depositCounts.forEach(
        (pool, states) ->
            states.forEach((state, count) -> depositRows.add(row(pool, state, count))));
    keys.register(keyRows, true);
    leases.register(leaseRows, true);
    keysLeft.register(leftRows, true);
    hourLeft.register(hourRows, true);
    depositStates.register(depositRows, true);
    refreshedMillis.set(System.currentTimeMillis());
    return null;
  }

  private static MultiGauge.Row<?> row(String pool, String state, long value) {
    return MultiGauge.Row.of(Tags.of("pool", pool, "state", state), value);
  }

  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }
}
