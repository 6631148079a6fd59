package dev.valet.allocator.lease;

import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lease releaser on Postgres. */
public final class PgLeaseReleaser implements LeaseReleaser {
  private static final Logger LOG = LoggerFactory.getLogger(PgLeaseReleaser.class);

  private static final String LOCK_LEASE =
      "SELECT " + LeaseRows.LEASE_COLUMNS + " FROM leases WHERE id = $1 FOR UPDATE";
  private static final String MARK_RELEASED =
      """
      UPDATE leases SET state = 'released', released_at = now(), release_reason = $2,
                        released_by = $3, forced = $4
       WHERE id = $1
      """;
  private static final String RELEASE_LEASE_KEYS =
      "UPDATE lease_keys SET released = true WHERE lease_id = $1 AND NOT released";

  // The quarantine counts from the clock at this statement, not from the transaction's start, so
  // that time spent waiting for the lease's lock never shortens it.
  private static final String QUARANTINE_KEYS =
      """
      UPDATE keys SET state = 'free', lease_id = NULL, last_released_at = now(),
                      free_after = clock_timestamp() + $2::bigint * interval '1 millisecond'
       WHERE lease_id = $1
      RETURNING pubkey, free_after
      """;

  private final Pool db;
  private final Map<String, Duration> quarantines;

  /**
   * @param db the database
   * @param pools the configured pools by name, for their quarantine
   */
  public PgLeaseReleaser(Pool db, Map<String, KeyPool> pools) {
    this.db = db;
    this.quarantines = quarantines(pools);
  }

  private PgLeaseReleaser(Map<String, Duration> quarantines, Pool db) {
    this.db = db;
    this.quarantines = Map.copyOf(quarantines);
  }

  /**
   * A releaser that knows only each pool's quarantine, for tools that do not open the pools (they
   * need the master key and the pool's KDF, a release needs neither).
   *
   * @param quarantines the quarantine of each configured pool by name; any other pool gets the
   *     default quarantine
   */
  public static PgLeaseReleaser withQuarantines(Pool db, Map<String, Duration> quarantines) {
    return new PgLeaseReleaser(quarantines, db);
  }

  private static Map<String, Duration> quarantines(Map<String, KeyPool> pools) {
    Map<String, Duration> quarantines = new HashMap<>();
    pools.forEach((name, pool) -> quarantines.put(name, pool.settings().quarantine()));
    return Map.copyOf(quarantines);
  }

  @Override
  public Future<Outcome> release(UUID leaseId, String reason, String actor, boolean forced) {
    return db.withTransaction(
            connection ->
                connection
                    .preparedQuery(LOCK_LEASE)
                    .execute(Tuple.of(leaseId))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(Outcome.NO_SUCH_LEASE);
                          }
                          Lease lease = LeaseRows.lease(rows.iterator().next(), List.of());
                          if (lease.state() == LeaseState.RELEASED) {
                            return Future.succeededFuture(Outcome.ALREADY_RELEASED);
                          }
                          return releaseLocked(connection, lease, reason, actor, forced);
                        }))
        .onSuccess(
            outcome -> {
              if (outcome == Outcome.RELEASED) {
                LOG.info(
                    "Lease {} released by {}{}: {}",
                    leaseId,
                    actor,
                    forced ? " (forced)" : "",
                    reason);
              }
            });
  }

  private Future<Outcome> releaseLocked(
      SqlConnection connection, Lease lease, String reason, String actor, boolean forced) {
    Duration quarantine = quarantine(lease.pool());
    return connection
        .preparedQuery(MARK_RELEASED)
        .execute(Tuple.of(lease.id(), reason, actor, forced))
        .compose(
            marked -> connection.preparedQuery(RELEASE_LEASE_KEYS).execute(Tuple.of(lease.id())))
        .compose(
            released ->
                connection
                    .preparedQuery(QUARANTINE_KEYS)
                    .execute(Tuple.of(lease.id(), quarantine.toMillis())))
        .compose(
            keys -> {
              JsonObject detail = detail(keys, reason, forced, quarantine);
              return Events.append(
                      connection,
                      "lease.released",
                      actor,
                      lease.pool(),
                      lease.id(),
                      lease.pod(),
                      detail)
                  .map(Outcome.RELEASED);
            });
  }

  /** The pool's quarantine; the default one for a pool no longer configured. */
  private Duration quarantine(String pool) {
    return quarantines.getOrDefault(pool, PoolSettings.DEFAULT_QUARANTINE);
  }

  private static JsonObject detail(
      RowSet<Row> keys, String reason, boolean forced, Duration quarantine) {
    JsonArray pubkeys = new JsonArray();
    OffsetDateTime freeAfter = null;
    for (Row key : keys) {
      pubkeys.add(LeaseRows.pubkeyHex(key.getBuffer("pubkey").getBytes()));
      freeAfter = key.getOffsetDateTime("free_after");
    }
    return new JsonObject()
        .put("reason", reason)
        .put("forced", forced)
        .put("quarantineSeconds", quarantine.toSeconds())
        .put("freeAfter", freeAfter == null ? null : freeAfter.toString())
        .put("pubkeys", pubkeys);
  }
}
