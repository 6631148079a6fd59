package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.LaunchpadDepositFile;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the pending deposits of a pool in export mode to a launchpad {@code
 * deposit_data-<time>.json} and marks them exported, together: the rows stay locked while the file
 * is written under a temporary name, and the file gets its real name only once the rows are
 * committed as exported. A deposit is in one final file at most.
 */
public final class PgDepositExport {
  private static final String PENDING =
      "SELECT "
          + DepositRows.OPEN_COLUMNS
          + """
            FROM deposits d JOIN keys k ON k.id = d.key_id
           WHERE d.pool = $1 AND d.mode = 'export' AND d.state = 'pending'
           ORDER BY d.key_id
             FOR UPDATE OF d
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
      SELECT 'deposit.exported', 'cli', $1, id, $3 FROM unnest($2::bigint[]) AS k (id)
      """;

  private PgDepositExport() {}

  /**
   * Exports; blocking, for a command's thread.
   *
   * @return the file written, or empty when nothing waited for export
   * @throws IllegalStateException if a stored deposit does not verify for the pool's network (then
   *     nothing is written or marked)
   */
  public static Optional<Path> export(Pool db, PoolSettings pool, Path directory, Instant now) {
    if (pool.deposits().mode() != DepositMode.EXPORT) {
      throw new IllegalArgumentException(
          "pool "
              + pool.name()
              + " has deposits: "
              + pool.deposits().mode().label()
              + ", not export");
    }
    SqlConnection connection = await(db.getConnection());
    try {
      Transaction transaction = await(connection.begin());
      try {
        List<OpenDeposit> deposits = new ArrayList<>();
        for (Row row : await(connection.preparedQuery(PENDING).execute(Tuple.of(pool.name())))) {
          deposits.add(DepositRows.open(row));
        }
        if (deposits.isEmpty()) {
          await(transaction.rollback());
          return Optional.empty();
        }
        Path file = directory.resolve(LaunchpadDepositFile.fileName(now));
        Path partial = directory.resolve("." + file.getFileName() + ".partial");
        write(partial, file, verified(deposits, pool), pool);
        Long[] ids = deposits.stream().map(OpenDeposit::keyId).toArray(Long[]::new);
        await(
            connection
                .preparedQuery(EXPORTED)
                .execute(
                    Tuple.tuple().addArrayOfLong(ids).addString(file.getFileName().toString())));
        await(
            connection
                .preparedQuery(EVENTS)
                .execute(
                    Tuple.of(
                        pool.name(),
                        ids,
                        new JsonObject().put("file", file.getFileName().toString()))));
        try {
          await(transaction.commit());
        } catch (RuntimeException e) {
          deleteQuietly(partial);
          throw e;
        }
        move(partial, file);
        return Optional.of(file);
      } catch (RuntimeException e) {
        transaction.rollback();
        throw e;
      }
    } finally {
      connection.close();
    }
  }

  static List<DepositData> verified(List<OpenDeposit> deposits, PoolSettings pool) {
    List<DepositData> data = new ArrayList<>();
    for (OpenDeposit deposit : deposits) {
      DepositData one = deposit.depositData();
      Network network = pool.network();
      // The same checks as before a send: network (chain, contract, fork version), signature and
      // root. A file names the pool's network now, so its deposits must verify there.
      if (!Arrays.equals(one.hashTreeRoot().toBytes(), deposit.depositDataRoot())
          || deposit.chainId() != network.chainId()
          || !Arrays.equals(deposit.depositContract(), network.depositContractAddress().toBytes())
          || !deposit.genesisForkVersion().equals(network.genesisForkVersion())
          || !one.verify(network)) {
        throw new IllegalStateException(
            "the deposit of key "
                + deposit.keyId()
                + " does not match pool "
                + pool.name()
                + "'s network or its stored root; nothing was exported");
      }
      data.add(one);
    }
    return data;
  }

  private static void write(Path partial, Path file, List<DepositData> data, PoolSettings pool) {
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists already; nothing was exported");
    }
    try {
      Files.writeString(
          partial, LaunchpadDepositFile.write(data, pool.network()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + partial, e);
    }
  }

  private static void move(Path partial, Path file) {
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the deposits are marked exported, but "
              + partial
              + " could not be renamed to "
              + file
              + "; rename it yourself",
          e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The commit failed: the rows stay pending; a stray partial file is harmless.
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer within 60 s", e);
    }
  }
}
