package dev.valet.webhook.admin;

import dev.valet.webhook.metrics.CertificateExpiry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code /readyz}: ready when the database answers, the namespace informer has synced, and the
 * webhook serves a certificate that has not expired. Anyone may ask, so the database is asked at
 * most once per {@value #DATABASE_CHECK_MILLIS} ms however often this is called.
 */
final class AdminReadiness {
  static final long DATABASE_CHECK_MILLIS = 2000;
  private static final long DATABASE_TIMEOUT_MILLIS = 2000;

  private final Pool db;
  private final BooleanSupplier informersSynced;
  private final CertificateExpiry certificates;
  private final Clock clock;
  private Future<Boolean> lastDatabaseCheck;
  private long lastDatabaseCheckMillis;

  AdminReadiness(
      Pool db, BooleanSupplier informersSynced, CertificateExpiry certificates, Clock clock) {
    this.db = db;
    this.informersSynced = informersSynced;
    this.certificates = certificates;
    this.clock = clock;
  }

  /** Each check by name, and whether all pass. */
  Future<JsonObject> check() {
    return databaseReachable()
        .map(
            database -> {
              boolean informers = informersSynced.getAsBoolean();
              Optional<Instant> notAfter = certificates.notAfter(CertificateExpiry.WEBHOOK);
              boolean certificate = notAfter.isPresent() && notAfter.get().isAfter(clock.instant());
              return new JsonObject()
                  .put("ready", database && informers && certificate)
                  .put(
                      "checks",
                      new JsonObject()
                          .put("database", database ? "reachable" : "unreachable")
                          .put("informers", informers ? "synced" : "not synced")
                          .put(
                              "certificate",
                              notAfter.isEmpty()
                                  ? "not loaded"
                                  : certificate ? "loaded" : "expired"));
            });
  }

  private synchronized Future<Boolean> databaseReachable() {
    long now = clock.millis();
    if (lastDatabaseCheck == null
        || (lastDatabaseCheck.isComplete()
            && now - lastDatabaseCheckMillis >= DATABASE_CHECK_MILLIS)) {
      lastDatabaseCheckMillis = now;
      lastDatabaseCheck =
          db.query("SELECT 1")
              .execute()
              .timeout(DATABASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
              .map(true)
              .otherwise(false);
    }
    return lastDatabaseCheck;
  }
}
