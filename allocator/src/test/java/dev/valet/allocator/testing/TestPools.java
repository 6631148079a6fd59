package dev.valet.allocator.testing;

import static dev.valet.allocator.testing.AllocatorFixture.await;

import dev.valet.allocator.keys.KdfParameters;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PoolKeyMinter;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Pools for allocator tests that skip {@code KeyPools} and its production KDF: the pool's keystores
 * use scrypt at n=2^10, which opens in milliseconds. Never use these parameters outside tests.
 */
public final class TestPools {
  public static final SecureRandom RANDOM = new SecureRandom();

  private static final String INSERT_POOL =
      "INSERT INTO pools (name, password_ciphertext, kdf) VALUES ($1, $2, $3)";
  private static final String INSERT_KEYS =
      """
      INSERT INTO keys (pool, pubkey, origin, keystore, created_at)
      SELECT $1, k.pubkey, $2, k.keystore, now() - $3::bigint * interval '1 second'
        FROM unnest($4::bytea[], $5::text[]) WITH ORDINALITY AS k (pubkey, keystore, n)
       ORDER BY k.n
      RETURNING id
      """;

  private TestPools() {}

  /** scrypt at n=2^10 with a fresh salt: for tests only. */
  public static KdfParameters cheapKdf() {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    return new KdfParameters.Scrypt(1 << 10, 8, 1, salt);
  }

  /** A pool of random keys with a random password, recorded in the pools table. */
  public static KeyPool create(Pool db, PoolSettings settings) {
    return create(db, settings, Optional.empty());
  }

  /**
   * A pool whose keys derive from {@code seed}, or random keys without one. The stored password
   * ciphertext is a placeholder: the allocator never reads it, only {@code KeyPools} does.
   */
  public static KeyPool create(Pool db, PoolSettings settings, Optional<byte[]> seed) {
    KdfParameters kdf = cheapKdf();
    JsonObject kdfJson =
        new JsonObject()
            .put("function", kdf.function())
            .put("salt", HexFormat.of().formatHex(kdf.salt()))
            .put("n", 1 << 10)
            .put("r", 8)
            .put("p", 1);
    await(
        db.preparedQuery(INSERT_POOL)
            .execute(Tuple.of(settings.name(), Buffer.buffer(new byte[] {0}), kdfJson.encode())));
    byte[] passwordBytes = new byte[16];
    RANDOM.nextBytes(passwordBytes);
    String password = HexFormat.of().formatHex(passwordBytes);
    KeyMinter minter =
        new PoolKeyMinter(
            KeystoreKey.derive(password, kdf),
            seed,
            RANDOM,
            settings.deposits(),
            settings.network());
    return new KeyPool(settings, password, Future.succeededFuture(minter));
  }

  /**
   * Adds free random keys to a pool of random keys, as if created {@code age} ago.
   *
   * @param origin "random" for keys Valet created, "imported" for keys an operator brought
   * @return the new keys' ids in ascending order
   */
  public static List<Long> insertFreeKeys(
      Pool db, KeyPool pool, int count, String origin, Duration age) {
    List<MintedKey> minted = await(pool.minter()).mint(0, count);
    Buffer[] pubkeys = new Buffer[count];
    String[] keystores = new String[count];
    for (int i = 0; i < count; i++) {
      pubkeys[i] = Buffer.buffer(minted.get(i).pubkey());
      keystores[i] = minted.get(i).keystoreJson();
    }
    Tuple parameters =
        Tuple.tuple()
            .addString(pool.name())
            .addString(origin)
            .addLong(age.toSeconds())
            .addArrayOfBuffer(pubkeys)
            .addArrayOfString(keystores);
    List<Long> ids = new ArrayList<>(count);
    for (Row row : await(db.preparedQuery(INSERT_KEYS).execute(parameters))) {
      ids.add(row.getLong("id"));
    }
    ids.sort(null);
    return ids;
  }

  /** Free random keys created two hours ago, outside the hourly cap's window. */
  public static List<Long> insertOldFreeKeys(Pool db, KeyPool pool, int count) {
    return insertFreeKeys(db, pool, count, "random", Duration.ofHours(2));
  }
}
