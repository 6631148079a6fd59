package dev.valet.webhook.testing;

import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads Valet's tables, so a test can tell what an admission or a release left in the database. */
public final class LeaseTable implements AutoCloseable {
  private static final String COUNT_IN_NAMESPACE =
      "SELECT count(*) AS leases FROM leases WHERE namespace = $1";
  private static final String ONE_LEASE =
      """
      SELECT state, pod_name, pod_uid, created_at, bound_at, released_at, released_by,
             release_reason, forced
        FROM leases WHERE id = $1
      """;
  private static final String LEASE_KEYS =
      """
      SELECT k.pubkey, k.free_after
        FROM lease_keys lk JOIN keys k ON k.id = lk.key_id
       WHERE lk.lease_id = $1
       ORDER BY lk.position
      """;
  private static final String EVENTS_OF_LEASE =
      "SELECT kind, actor, at FROM events WHERE lease_id = $1 ORDER BY id";
  private static final String IDS_IN_NAMESPACE =
      "SELECT id FROM leases WHERE namespace = $1 ORDER BY created_at, id";
  private static final String KEY_COUNT = "SELECT count(*) AS keys FROM keys WHERE pool = $1";
  private static final String LEASE_OF_REQUEST = "SELECT id FROM leases WHERE request_uid = $1";

  private final Vertx vertx;
  private final Pool pool;

  /**
   * A lease as stored.
   *
   * @param state pending, bound or released
   * @param podName the pod's name (empty for a pending lease of a pod named by generateName)
   * @param podUid the pod's uid, once bound
   */
  public record LeaseRow(
      String state,
      String podName,
      Optional<String> podUid,
      Instant createdAt,
      Optional<Instant> boundAt,
      Optional<Instant> releasedAt,
      Optional<String> releasedBy,
      Optional<String> releaseReason,
      boolean forced) {}

  /** A key of a lease: its public key and when it may be handed out again. */
  public record LeaseKey(String pubkey, Instant freeAfter) {}

  /** One row of the audit log. */
  public record Event(String kind, String actor, Instant at) {}

  private LeaseTable(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public static LeaseTable open(TestDatabase database) {
    Vertx vertx = Vertx.vertx();
    return new LeaseTable(vertx, database.pool(vertx));
  }

  /** How many leases, in any state, were ever made for pods of {@code namespace}. */
  public long countIn(String namespace) {
    return query(COUNT_IN_NAMESPACE, namespace).iterator().next().getLong("leases");
  }

  /** The ids of the leases made for pods of {@code namespace}, oldest first. */
  public List<UUID> idsIn(String namespace) {
    List<UUID> ids = new ArrayList<>();
    query(IDS_IN_NAMESPACE, namespace).forEach(row -> ids.add(row.getUUID("id")));
    return ids;
  }

  /** The lease made for the admission request {@code uid}, if one is stored. */
  public Optional<UUID> leaseOfRequest(String uid) {
    RowSet<Row> rows = query(LEASE_OF_REQUEST, uid);
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id"));
  }

  /** How many keys {@code pool} holds, in any state. */
  public long keysIn(String pool) {
    return query(KEY_COUNT, pool).iterator().next().getLong("keys");
  }

  /** The lease {@code id}; fails the test if there is none. */
  public LeaseRow lease(UUID id) {
    RowSet<Row> rows = query(ONE_LEASE, id);
    if (rows.size() == 0) {
      throw new AssertionError("no lease " + id + " in the database");
    }
    Row row = rows.iterator().next();
    return new LeaseRow(
        row.getString("state"),
        row.getString("pod_name"),
        Optional.ofNullable(row.getString("pod_uid")),
        row.getOffsetDateTime("created_at").toInstant(),
        instant(row.getOffsetDateTime("bound_at")),
        instant(row.getOffsetDateTime("released_at")),
        Optional.ofNullable(row.getString("released_by")),
        Optional.ofNullable(row.getString("release_reason")),
        row.getBoolean("forced"));
  }

  /** The state of lease {@code id}: pending, bound or released. */
  public String state(UUID id) {
    return lease(id).state();
  }

  /** The keys of lease {@code id}, in order. */
  public List<LeaseKey> keys(UUID id) {
    List<LeaseKey> keys = new ArrayList<>();
    for (Row row : query(LEASE_KEYS, id)) {
      keys.add(
          new LeaseKey(
              "0x" + HexFormat.of().formatHex(row.getBuffer("pubkey").getBytes()),
              row.getOffsetDateTime("free_after").toInstant()));
    }
    return keys;
  }

  /** The audit log of lease {@code id}, oldest first. */
  public List<Event> events(UUID id) {
    List<Event> events = new ArrayList<>();
    for (Row row : query(EVENTS_OF_LEASE, id)) {
      events.add(
          new Event(
              row.getString("kind"),
              row.getString("actor"),
              row.getOffsetDateTime("at").toInstant()));
    }
    return events;
  }

  /** The events of {@code kind} for lease {@code id}. */
  public List<Event> events(UUID id, String kind) {
    return events(id).stream().filter(event -> event.kind().equals(kind)).toList();
  }

  private static Optional<Instant> instant(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }

  private RowSet<Row> query(String sql, Object parameter) {
    Future<RowSet<Row>> rows = pool.preparedQuery(sql).execute(Tuple.of(parameter));
    try {
      return rows.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the test database did not answer", e);
    }
  }

  @Override
  public void close() throws TimeoutException {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
