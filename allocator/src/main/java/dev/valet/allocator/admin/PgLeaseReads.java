package dev.valet.allocator.admin;

import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.PodReference;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads leases for operators, newest first, with the public keys they hold. */
public final class PgLeaseReads {
  private static final String COLUMNS =
      """
      SELECT l.id, l.pool, l.namespace, l.pod_name, l.pod_generate_name, l.pod_uid, l.state,
             l.layout, l.key_count, l.created_at, l.bound_at, l.released_at, l.release_reason,
             l.released_by, l.forced,
             ARRAY(SELECT '0x' || encode(k.pubkey, 'hex')
                     FROM lease_keys lk JOIN keys k ON k.id = lk.key_id
                    WHERE lk.lease_id = l.id
                    ORDER BY lk.position) AS pubkeys
        FROM leases l
      """;
  private static final String LIST =
      COLUMNS
          + """
           WHERE ($1::text IS NULL OR l.pool = $1)
             AND ($2::text IS NULL OR l.namespace = $2)
             AND ($3::text IS NULL OR l.state = $3)
             AND ($4::timestamptz IS NULL OR (l.created_at, l.id) < ($4, $5::uuid))
           ORDER BY l.created_at DESC, l.id DESC
           LIMIT $6
          """;
  private static final String ONE = COLUMNS + " WHERE l.id = $1";

  private final Pool db;

  public PgLeaseReads(Pool db) {
    this.db = db;
  }

  public Future<Page<LeaseView>> list(LeaseFilter filter, PageRequest page) {
    Optional<Cursors.TimeAndId> after =
        page.cursor().map(cursor -> Cursors.timeAndId(cursor, "leases"));
    Tuple parameters =
        Tuple.tuple()
            .addString(filter.pool().orElse(null))
            .addString(filter.namespace().orElse(null))
            .addString(filter.state().map(LeaseState::sqlName).orElse(null))
            .addOffsetDateTime(after.map(Cursors.TimeAndId::time).orElse(null))
            .addUUID(after.map(Cursors.TimeAndId::id).orElse(null))
            .addInteger(page.limit() + 1);
    return db.preparedQuery(LIST)
        .execute(parameters)
        .map(
            rows ->
                Page.of(
                    views(rows),
                    page.limit(),
                    lease -> Cursors.ofTimeAndId(lease.createdAt(), lease.id())));
  }

  public Future<Optional<LeaseView>> find(UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(rows -> views(rows).stream().findFirst());
  }

  private static List<LeaseView> views(RowSet<Row> rows) {
    List<LeaseView> leases = new ArrayList<>(rows.size());
    for (Row row : rows) {
      leases.add(view(row));
    }
    return leases;
  }

  private static LeaseView view(Row row) {
    return new LeaseView(
        row.getUUID("id"),
        row.getString("pool"),
        new PodReference(
            row.getString("namespace"),
            row.getString("pod_name"),
            row.getString("pod_generate_name")),
        Optional.ofNullable(row.getString("pod_uid")),
        LeaseState.fromSql(row.getString("state")),
        row.getString("layout"),
        row.getInteger("key_count"),
        List.of(row.getArrayOfStrings("pubkeys")),
        row.getOffsetDateTime("created_at"),
        optionalTime(row, "bound_at"),
        optionalTime(row, "released_at"),
        Optional.ofNullable(row.getString("release_reason")),
        Optional.ofNullable(row.getString("released_by")),
        row.getBoolean("forced"));
  }

  private static Optional<OffsetDateTime> optionalTime(Row row, String column) {
    return Optional.ofNullable(row.getOffsetDateTime(column));
  }
}
