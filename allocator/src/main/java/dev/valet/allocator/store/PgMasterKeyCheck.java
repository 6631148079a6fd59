package dev.valet.allocator.store;

import dev.valet.allocator.crypto.MasterKey;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;

/**
 * Proves at start-up that the configured master key is the one this database was set up with, so
 * that a lost or swapped key file is a clear error instead of keys that silently fail to unlock.
 */
public final class PgMasterKeyCheck {
  private static final String NAME = "master_key_check";
  private static final String CONTEXT = "valet:master-key-check";
  private static final byte[] PLAINTEXT = "valet master key check".getBytes(StandardCharsets.UTF_8);

  private static final String SELECT = "SELECT value FROM settings WHERE name = $1";
  private static final String INSERT =
      "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";

  private PgMasterKeyCheck() {}

  /**
   * Records a check value made with {@code masterKey} if none exists, then verifies the stored one.
   * Fails with {@link dev.valet.allocator.crypto.MasterKeyException} when the key does not match.
   */
  public static Future<Void> verifyOrRecord(Pool db, MasterKey masterKey) {
    Buffer candidate = Buffer.buffer(masterKey.encrypt(PLAINTEXT, CONTEXT));
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(NAME, candidate))
        .compose(inserted -> db.preparedQuery(SELECT).execute(Tuple.of(NAME)))
        .map(rows -> verify(rows, masterKey));
  }

  private static Void verify(RowSet<Row> rows, MasterKey masterKey) {
    byte[] stored = rows.iterator().next().getBuffer("value").getBytes();
    masterKey.decrypt(stored, CONTEXT);
    return null;
  }
}
