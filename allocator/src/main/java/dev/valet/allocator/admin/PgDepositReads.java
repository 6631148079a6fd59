package dev.valet.allocator.admin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deposits as the deposits table records them, by key id. */
public final class PgDepositReads implements DepositReads {
  private static final List<String> STATES =
      List.of("none", "pending", "sent", "confirmed", "failed", "exported", "skipped");

  // The transaction shown is the mined one, else the latest signed attempt.
  private static final String LIST =
      """
      SELECT d.key_id, k.pubkey, d.pool, d.state, d.block_number, d.updated_at,
             coalesce(d.error, d.waiting_reason) AS problem,
             coalesce(d.mined_tx_hash,
                      (SELECT t.tx_hash FROM deposit_transactions t
                        WHERE t.key_id = d.key_id ORDER BY t.attempt DESC LIMIT 1)) AS tx_hash
        FROM deposits d JOIN keys k ON k.id = d.key_id
       WHERE ($1::text IS NULL OR d.pool = $1)
         AND ($2::text IS NULL OR d.state = $2)
         AND ($3::bigint IS NULL OR d.key_id > $3)
       ORDER BY d.key_id
       LIMIT $4
      """;
  private static final String STATES_OF =
      "SELECT key_id, deposit_state FROM key_deposit_states WHERE key_id = ANY($1)";
  private static final String COUNTS =
      "SELECT pool, state, count(*) AS n FROM deposits GROUP BY pool, state ORDER BY pool, state";

  private final Pool db;

  public PgDepositReads(Pool db) {
    this.db = db;
  }

  @Override
  public List<String> states() {
    return STATES;
  }

  @Override
  public Future<Page<DepositView>> list(DepositFilter filter, PageRequest page) {
    Long after = page.cursor().map(cursor -> Cursors.id(cursor, "deposits")).orElse(null);
    String state = filter.state().filter(s -> !s.equals("none")).orElse(null);
    if (filter.state().equals(Optional.of("none"))) {
      return Future.succeededFuture(new Page<>(List.of(), Optional.empty()));
    }
    Tuple parameters =
        Tuple.tuple()
            .addString(filter.pool().orElse(null))
            .addString(state)
            .addLong(after)
            .addInteger(page.limit() + 1);
    return db.preparedQuery(LIST)
        .execute(parameters)
        .map(
            rows -> {
              List<DepositView> deposits = new ArrayList<>(rows.size());
              for (Row row : rows) {
                deposits.add(view(row));
              }
              return Page.of(deposits, page.limit(), deposit -> Cursors.ofId(deposit.keyId()));
            });
  }

  @Override
  public Future<Map<Long, String>> statesOf(List<Long> keyIds) {
    if (keyIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return db.preparedQuery(STATES_OF)
        .execute(Tuple.tuple().addArrayOfLong(keyIds.toArray(Long[]::new)))
        .map(
            rows -> {
              Map<Long, String> states = new HashMap<>();
              rows.forEach(
                  row -> states.put(row.getLong("key_id"), row.getString("deposit_state")));
              return states;
            });
  }

  @Override
  public Future<Map<String, Map<String, Long>>> countsByPool() {
    return db.query(COUNTS)
        .execute()
        .map(
            rows -> {
              Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
              for (Row row : rows) {
                counts
                    .computeIfAbsent(row.getString("pool"), p -> new LinkedHashMap<>())
                    .put(row.getString("state"), row.getLong("n"));
              }
              return counts;
            });
  }

  private static DepositView view(Row row) {
    return new DepositView(
        row.getLong("key_id"),
        Pubkeys.hex(row.getBuffer("pubkey").getBytes()),
        row.getString("pool"),
        row.getString("state"),
        Optional.ofNullable(row.getBuffer("tx_hash")).map(PgDepositReads::hex),
        Optional.ofNullable(row.getLong("block_number")),
        Optional.ofNullable(row.getString("problem")),
        row.getOffsetDateTime("updated_at"));
  }

  private static String hex(Buffer bytes) {
    return "0x" + HexFormat.of().formatHex(bytes.getBytes());
  }
}
