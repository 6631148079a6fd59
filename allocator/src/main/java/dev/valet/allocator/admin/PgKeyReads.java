package dev.valet.allocator.admin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads keys for operators, in the order they were created. It selects named public columns only: a
 * key's keystore column is never read here.
 */
public final class PgKeyReads {
  private static final String COLUMNS =
      """
      SELECT k.id, k.pool, k.pubkey, k.origin, k.derivation_index, k.path, k.state, k.times_leased,
             k.last_released_at, k.created_at,
             CASE WHEN k.state = 'free' AND k.free_after > now() THEN k.free_after END
               AS quarantined_until,
             l.id AS lease_id, l.namespace AS lease_namespace, l.pod_name AS lease_pod_name,
             l.pod_generate_name AS lease_pod_generate_name, l.state AS lease_state
        FROM keys k LEFT JOIN leases l ON l.id = k.lease_id
      """;
  private static final String LIST =
      COLUMNS
          + """
           WHERE ($1::text IS NULL OR k.pool = $1)
             AND ($2::text IS NULL
                  OR ($2 = 'free' AND k.state = 'free' AND k.free_after <= now())
                  OR ($2 = 'quarantined' AND k.state = 'free' AND k.free_after > now())
                  OR ($2 IN ('leased', 'retired') AND k.state = $2))
             AND ($3::text IS NULL OR l.namespace = $3)
             AND k.id > $4
           ORDER BY k.id
           LIMIT $5
          """;
  private static final String ONE = COLUMNS + " WHERE k.pubkey = $1";

  private final Pool db;

  public PgKeyReads(Pool db) {
    this.db = db;
  }

  public Future<Page<KeyView>> list(KeyFilter filter, PageRequest page) {
    long after = page.cursor().map(cursor -> Cursors.id(cursor, "keys")).orElse(0L);
    Tuple parameters =
        Tuple.tuple()
            .addString(filter.pool().orElse(null))
            .addString(filter.state().map(KeyState::label).orElse(null))
            .addString(filter.namespace().orElse(null))
            .addLong(after)
            .addInteger(page.limit() + 1);
    return db.preparedQuery(LIST)
        .execute(parameters)
        .map(rows -> Page.of(views(rows), page.limit(), key -> Cursors.ofId(key.id())));
  }

  public Future<Optional<KeyView>> find(byte[] pubkey) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(Buffer.buffer(pubkey)))
        .map(rows -> views(rows).stream().findFirst());
  }

  private static List<KeyView> views(RowSet<Row> rows) {
    List<KeyView> keys = new ArrayList<>(rows.size());
    for (Row row : rows) {
      keys.add(view(row));
    }
    return keys;
  }

  private static KeyView view(Row row) {
    Optional<KeyView.Holder> lease = Optional.empty();
    if (row.getUUID("lease_id") != null) {
      String podName = row.getString("lease_pod_name");
      lease =
          Optional.of(
              new KeyView.Holder(
                  row.getUUID("lease_id"),
                  row.getString("lease_namespace"),
                  podName.isEmpty() ? row.getString("lease_pod_generate_name") + "*" : podName,
                  row.getString("lease_state")));
    }
    String state = row.getString("state");
    KeyState shown =
        row.getOffsetDateTime("quarantined_until") != null
            ? KeyState.QUARANTINED
            : KeyState.fromLabel(state).orElseThrow();
    return new KeyView(
        row.getLong("id"),
        Pubkeys.hex(row.getBuffer("pubkey").getBytes()),
        row.getString("pool"),
        row.getString("origin"),
        Optional.ofNullable(row.getInteger("derivation_index")),
        row.getString("path"),
        shown,
        Optional.ofNullable(row.getOffsetDateTime("quarantined_until")),
        row.getInteger("times_leased"),
        Optional.ofNullable(row.getOffsetDateTime("last_released_at")),
        row.getOffsetDateTime("created_at"),
        lease);
  }
}
