package dev.valet.allocator.lease;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The reads and the binding step of the lease reconciler and of the operator's lease commands. */
public final class PgLeases {
  private static final String UNRELEASED =
      """
      SELECT id, pool, namespace, pod_name, pod_generate_name, pod_uid, state, created_at
        FROM leases
       WHERE state <> 'released'
       ORDER BY created_at
      """;
  private static final String ONE =
      """
      SELECT id, pool, namespace, pod_name, pod_generate_name, pod_uid, state, created_at
        FROM leases
       WHERE id = $1
      """;
  private static final String LISTING_COLUMNS =
      """
      SELECT id, pool, namespace, pod_name, pod_generate_name, pod_uid, state, key_count,
             created_at, released_at, released_by, release_reason, forced
        FROM leases
      """;
  private static final String LIST =
      LISTING_COLUMNS
          + """
           WHERE ($1::text IS NULL OR pool = $1)
             AND ($2::text IS NULL OR namespace = $2)
             AND ($3::text IS NULL OR state = $3)
           ORDER BY created_at, id
          """;
  private static final String DESCRIBE = LISTING_COLUMNS + " WHERE id = $1";
  private static final String BIND =
      """
      UPDATE leases SET state = 'bound', pod_uid = $2, pod_name = $3, bound_at = now()
       WHERE id = $1 AND state = 'pending'
      RETURNING pool, namespace, pod_name, pod_generate_name
      """;

  private final Pool db;

  public PgLeases(Pool db) {
    this.db = db;
  }

  /** Every pending or bound lease, oldest first. */
  public Future<List<LeaseSummary>> unreleased() {
    return db.query(UNRELEASED)
        .execute()
        .map(
            rows -> {
              List<LeaseSummary> leases = new ArrayList<>(rows.size());
              rows.forEach(row -> leases.add(summary(row)));
              return leases;
            });
  }

  public Future<Optional<LeaseSummary>> find(UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(summary(rows.iterator().next())));
  }

  /**
   * The leases that match every filter given, oldest first.
   *
   * @param pool only leases of this pool, if present
   * @param namespace only leases of pods in this namespace, if present
   * @param state only leases in this state, if present
   */
  public Future<List<LeaseListing>> list(
      Optional<String> pool, Optional<String> namespace, Optional<LeaseState> state) {
    Tuple filters =
        Tuple.of(
            pool.orElse(null), namespace.orElse(null), state.map(LeaseState::sqlName).orElse(null));
    return db.preparedQuery(LIST)
        .execute(filters)
        .map(
            rows -> {
              List<LeaseListing> leases = new ArrayList<>(rows.size());
              rows.forEach(row -> leases.add(listing(row)));
              return leases;
            });
  }

  /** The lease {@code id} with how it ended, if there is one. */
  public Future<Optional<LeaseListing>> describe(UUID id) {
    return db.preparedQuery(DESCRIBE)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(listing(rows.iterator().next())));
  }

  /**
   * Records that the pod of a pending lease exists: its uid and name. Completes with false when the
   * lease was not pending (already bound, released or unknown), in which case nothing changed.
   *
   * @param actor who saw the pod, for the event log
   */
  public Future<Boolean> bind(UUID leaseId, String podUid, String podName, String actor) {
    return db.withTransaction(
        connection ->
            connection
                .preparedQuery(BIND)
                .execute(Tuple.of(leaseId, podUid, podName))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      Row row = rows.iterator().next();
                      PodReference pod =
                          new PodReference(
                              row.getString("namespace"),
                              row.getString("pod_name"),
                              row.getString("pod_generate_name"));
                      return Events.append(
                              connection,
                              "lease.bound",
                              actor,
                              row.getString("pool"),
                              leaseId,
                              pod,
                              new JsonObject().put("podUid", podUid))
                          .map(true);
                    }));
  }

  private static LeaseListing listing(Row row) {
    return new LeaseListing(
        row.getUUID("id"),
        row.getString("pool"),
        pod(row),
        Optional.ofNullable(row.getString("pod_uid")),
        LeaseState.fromSql(row.getString("state")),
        row.getInteger("key_count"),
        row.getOffsetDateTime("created_at"),
        Optional.ofNullable(row.getOffsetDateTime("released_at")),
        Optional.ofNullable(row.getString("released_by")),
        Optional.ofNullable(row.getString("release_reason")),
        row.getBoolean("forced"));
  }

  private static PodReference pod(Row row) {
    return new PodReference(
        row.getString("namespace"), row.getString("pod_name"), row.getString("pod_generate_name"));
  }

  private static LeaseSummary summary(Row row) {
    return new LeaseSummary(
        row.getUUID("id"),
        row.getString("pool"),
        pod(row),
        Optional.ofNullable(row.getString("pod_uid")),
        LeaseState.fromSql(row.getString("state")),
        row.getOffsetDateTime("created_at"));
  }
}
