package dev.valet.allocator.pool;

import dev.valet.allocator.deposit.store.NewDeposits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Adds keys an operator brings to a pool, all or none, in one transaction: free, of origin
 * imported, each with its deposit row. A key already in any pool, or more keys than the pool's
 * maxKeys allows, refuses the whole import.
 */
public final class PgKeyImport {
  private static final String LOCK_POOL = "SELECT name FROM pools WHERE name = $1 FOR UPDATE";
  private static final String TAKEN =
      "SELECT pubkey, pool FROM keys WHERE pubkey = ANY($1) ORDER BY id";
  private static final String COUNT = "SELECT count(*) AS total FROM keys WHERE pool = $1";
  private static final String INSERT =
      """
      INSERT INTO keys (pool, pubkey, origin, path, keystore, state)
      SELECT $1, k.pubkey, 'imported', k.path, k.keystore, 'free'
        FROM unnest($2::bytea[], $3::text[], $4::text[]) WITH ORDINALITY
             AS k (pubkey, path, keystore, n)
       ORDER BY k.n
      RETURNING id, pubkey
      """;
  private static final String EVENTS =
      """
      INSERT INTO events (kind, actor, pool, key_id, detail)
      SELECT 'key.imported', 'cli', $1, k.id, jsonb_build_object('pubkey', k.pubkey)
        FROM unnest($2::bigint[], $3::text[]) AS k (id, pubkey)
      """;

  private PgKeyImport() {}

  /**
   * Imports {@code keys}, made by the pool's minter ({@link KeyMinter#adopt}).
   *
   * @param skippedNote why keys without deposit data need no deposit
   * @return the new keys' ids, in the order given
   */
  public static Future<List<Long>> importKeys(
      Pool db, PoolSettings pool, List<MintedKey> keys, String skippedNote) {
    return db.withTransaction(connection -> run(connection, pool, keys, skippedNote));
  }

  private static Future<List<Long>> run(
      SqlConnection connection, PoolSettings pool, List<MintedKey> keys, String skippedNote) {
    Buffer[] pubkeys = keys.stream().map(key -> Buffer.buffer(key.pubkey())).toArray(Buffer[]::new);
    return connection
        .preparedQuery(LOCK_POOL)
        .execute(Tuple.of(pool.name()))
        .compose(
            locked ->
                connection.preparedQuery(TAKEN).execute(Tuple.tuple().addArrayOfBuffer(pubkeys)))
        .compose(
            taken -> {
              if (taken.size() > 0) {
                List<String> held = new ArrayList<>();
                for (Row row : taken) {
                  held.add(
                      hex(row.getBuffer("pubkey").getBytes())
                          + " (pool "
                          + row.getString("pool")
                          + ")");
                }
                return Future.failedFuture(
                    new ImportRefusedException(
                        held.size()
                            + " of the keys are in a pool already, and a key is in one pool only: "
                            + String.join(", ", held)
                            + "; nothing was imported"));
              }
              return connection.preparedQuery(COUNT).execute(Tuple.of(pool.name()));
            })
        .compose(
            counted -> {
              long total = counted.iterator().next().getLong("total");
              if (total + keys.size() > pool.maxKeys()) {
                return Future.failedFuture(
                    new ImportRefusedException(
                        "pool "
                            + pool.name()
                            + " holds "
                            + total
                            + " keys and maxKeys is "
                            + pool.maxKeys()
                            + "; "
                            + keys.size()
                            + " more would pass it. Raise maxKeys; nothing was imported"));
              }
              return insert(connection, pool, keys, pubkeys);
            })
        .compose(
            ids ->
                NewDeposits.record(connection, pool, ids, keys, "cli", skippedNote)
                    .compose(recorded -> events(connection, pool, ids, keys))
                    .map(ids));
  }

  private static Future<List<Long>> insert(
      SqlConnection connection, PoolSettings pool, List<MintedKey> keys, Buffer[] pubkeys) {
    String[] paths = keys.stream().map(MintedKey::path).toArray(String[]::new);
    String[] keystores = keys.stream().map(MintedKey::keystoreJson).toArray(String[]::new);
    return connection
        .preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addString(pool.name())
                .addArrayOfBuffer(pubkeys)
                .addArrayOfString(paths)
                .addArrayOfString(keystores))
        .map(
            rows -> {
              java.util.Map<String, Long> byPubkey = new java.util.HashMap<>();
              for (Row row : rows) {
                byPubkey.put(hex(row.getBuffer("pubkey").getBytes()), row.getLong("id"));
              }
              return keys.stream().map(key -> byPubkey.get(hex(key.pubkey()))).toList();
            });
  }

  private static Future<Void> events(
      SqlConnection connection, PoolSettings pool, List<Long> ids, List<MintedKey> keys) {
    String[] pubkeys = keys.stream().map(key -> hex(key.pubkey())).toArray(String[]::new);
    return connection
        .preparedQuery(EVENTS)
        .execute(
            Tuple.tuple()
                .addString(pool.name())
                .addArrayOfLong(ids.toArray(Long[]::new))
                .addArrayOfString(pubkeys))
        .mapEmpty();
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
