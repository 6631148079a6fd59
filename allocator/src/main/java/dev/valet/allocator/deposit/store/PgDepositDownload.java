package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.LaunchpadDepositFile;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launchpad deposit data of a pool in export mode, for the admin endpoint: {@link #export}
 * hands out the deposits that wait for export and marks them exported in the same transaction, so
 * each is handed out once; {@link #again} hands out a file already exported, by its name, without
 * changing anything, for an operator whose download was lost.
 */
public final class PgDepositDownload {
  private static final String PENDING =
      "SELECT "
          + DepositRows.OPEN_COLUMNS
          + """
            FROM deposits d JOIN keys k ON k.id = d.key_id
           WHERE d.pool = $1 AND d.mode = 'export' AND d.state = 'pending'
           ORDER BY d.key_id
             FOR UPDATE OF d
          """;
  private static final String IN_FILE =
      "SELECT "
          + DepositRows.OPEN_COLUMNS
          + """
            FROM deposits d JOIN keys k ON k.id = d.key_id
           WHERE d.pool = $1 AND d.state = 'exported' AND d.export_file = $2
           ORDER BY d.key_id
          """;
  private static final String EXPORTED =
      """
      UPDATE deposits SET state = 'exported', exported_at = now(), export_file = $2,
                          updated_at = now()
       WHERE key_id = ANY($1) AND state = 'pending'
      """;
  private static final String EVENTS =
      """
      INSERT INTO events (kind, actor, pool, key_id, detail)
      SELECT 'deposit.exported', $4, $1, id, $3 FROM unnest($2::bigint[]) AS k (id)
      """;

  private final Pool db;

  public PgDepositDownload(Pool db) {
    this.db = db;
  }

  /**
   * A launchpad file.
   *
   * @param fileName {@code deposit_data-<unix seconds>.json}
   * @param json its content
   * @param deposits how many deposits it holds
   */
  public record Download(String fileName, String json, int deposits) {}

  /**
   * Exports the pool's waiting deposits; empty when none waits.
   *
   * @param actor who asked, for the audit log
   */
  public Future<Optional<Download>> export(PoolSettings pool, Instant now, String actor) {
    if (pool.deposits().mode() != DepositMode.EXPORT) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "pool "
                  + pool.name()
                  + " has deposits: "
                  + pool.deposits().mode().label()
                  + ", not export; its deposits are not downloaded"));
    }
    String fileName = LaunchpadDepositFile.fileName(now);
    return db.withTransaction(
        connection ->
            connection
                .preparedQuery(PENDING)
                .execute(Tuple.of(pool.name()))
                .compose(
                    rows -> {
                      List<OpenDeposit> deposits = open(rows);
                      if (deposits.isEmpty()) {
                        return Future.succeededFuture(Optional.<Download>empty());
                      }
                      Download download = download(fileName, deposits, pool);
                      Long[] ids = deposits.stream().map(OpenDeposit::keyId).toArray(Long[]::new);
                      return connection
                          .preparedQuery(EXPORTED)
                          .execute(Tuple.tuple().addArrayOfLong(ids).addString(fileName))
                          .compose(
                              marked ->
                                  connection
                                      .preparedQuery(EVENTS)
                                      .execute(
                                          Tuple.of(
                                              pool.name(),
                                              ids,
                                              new JsonObject().put("file", fileName),
                                              actor)))
                          .map(Optional.of(download));
                    }));
  }

  /** The file exported earlier under {@code fileName}; empty when no such file exists. */
  public Future<Optional<Download>> again(PoolSettings pool, String fileName) {
    return db.preparedQuery(IN_FILE)
        .execute(Tuple.of(pool.name(), fileName))
        .map(
            rows -> {
              List<OpenDeposit> deposits = open(rows);
              return deposits.isEmpty()
                  ? Optional.<Download>empty()
                  : Optional.of(download(fileName, deposits, pool));
            });
  }

  private static List<OpenDeposit> open(Iterable<Row> rows) {
    List<OpenDeposit> deposits = new ArrayList<>();
    rows.forEach(row -> deposits.add(DepositRows.open(row)));
    return deposits;
  }

  private static Download download(String fileName, List<OpenDeposit> deposits, PoolSettings pool) {
    String json =
        LaunchpadDepositFile.write(PgDepositExport.verified(deposits, pool), pool.network());
    return new Download(fileName, json, deposits.size());
  }
}
