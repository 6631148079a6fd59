package dev.valet.allocator.admin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the audit log for operators, newest first. */
public final class PgEventReads {
  private static final String LIST =
      """
      SELECT id, at, kind, actor, pool, lease_id, key_id, namespace, pod, detail
        FROM events
       WHERE ($1::text IS NULL OR pool = $1)
         AND ($2::text IS NULL OR namespace = $2)
         AND ($3::uuid IS NULL OR lease_id = $3)
         AND ($4::text IS NULL OR kind = $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC
       LIMIT $6
      """;

  private final Pool db;

  public PgEventReads(Pool db) {
    this.db = db;
  }

  public Future<Page<EventView>> list(EventFilter filter, PageRequest page) {
    Long before = page.cursor().map(cursor -> Cursors.id(cursor, "events")).orElse(null);
    Tuple parameters =
        Tuple.tuple()
            .addString(filter.pool().orElse(null))
            .addString(filter.namespace().orElse(null))
            .addUUID(filter.leaseId().orElse(null))
            .addString(filter.kind().orElse(null))
            .addLong(before)
            .addInteger(page.limit() + 1);
    return db.preparedQuery(LIST)
        .execute(parameters)
        .map(
            rows -> {
              List<EventView> events = new ArrayList<>(rows.size());
              for (Row row : rows) {
                events.add(view(row));
              }
              return Page.of(events, page.limit(), event -> Cursors.ofId(event.id()));
            });
  }

  private static EventView view(Row row) {
    return new EventView(
        row.getLong("id"),
        row.getOffsetDateTime("at"),
        row.getString("kind"),
        row.getString("actor"),
        Optional.ofNullable(row.getString("pool")),
        Optional.ofNullable(row.getUUID("lease_id")),
        Optional.ofNullable(row.getLong("key_id")),
        Optional.ofNullable(row.getString("namespace")),
        Optional.ofNullable(row.getString("pod")),
        row.getJsonObject("detail"));
  }
}
