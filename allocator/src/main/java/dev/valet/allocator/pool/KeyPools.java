package dev.valet.allocator.pool;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.keys.Eip2333;
import dev.valet.allocator.keys.Eip2334;
import dev.valet.allocator.keys.InvalidMnemonicException;
import dev.valet.allocator.keys.KdfParameters;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.keys.Mnemonic;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the configured pools at start-up. A pool seen for the first time gets a random keystore
 * password (stored encrypted under the master key) and a KDF salt; a pool seen before must come
 * with the same mnemonic its keys were derived from. Each pool's KDF then runs once, in the
 * background on the bounded KDF executor; only key creation waits for it.
 */
public final class KeyPools {
  private static final Logger LOG = LoggerFactory.getLogger(KeyPools.class);

  private static final String INSERT =
      """
      INSERT INTO pools (name, password_ciphertext, kdf, mnemonic_fingerprint)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (name) DO NOTHING
      """;
  private static final String SELECT =
      "SELECT password_ciphertext, kdf, mnemonic_fingerprint FROM pools WHERE name = $1";
  private static final String RECORD_FINGERPRINT =
      "UPDATE pools SET mnemonic_fingerprint = $2 WHERE name = $1 AND mnemonic_fingerprint IS NULL";

  private final Pool db;
  private final MasterKey masterKey;
  private final WorkerExecutor kdfWorkers;
  private final SecureRandom random;

  private KeyPools(Pool db, MasterKey masterKey, WorkerExecutor kdfWorkers, SecureRandom random) {
    this.db = db;
    this.masterKey = masterKey;
    this.kdfWorkers = kdfWorkers;
    this.random = random;
  }

  /**
   * Opens every pool; completes when each has its password, before the KDFs finish.
   *
   * @param kdfWorkers the bounded executor for KDF and key work, never an event loop
   */
  public static Future<Map<String, KeyPool>> open(
      Pool db,
      MasterKey masterKey,
      List<PoolSettings> pools,
      WorkerExecutor kdfWorkers,
      SecureRandom random) {
    KeyPools opener = new KeyPools(db, masterKey, kdfWorkers, random);
    Map<String, KeyPool> opened = new LinkedHashMap<>();
    Map<String, String> poolByFingerprint = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (PoolSettings settings : pools) {
      chain =
          chain
              .compose(done -> opener.readSeed(settings))
              .compose(
                  seed -> {
                    Optional<String> fingerprint = seed.map(KeyPools::fingerprint);
                    if (fingerprint.isPresent()) {
                      String other =
                          poolByFingerprint.putIfAbsent(fingerprint.get(), settings.name());
                      if (other != null) {
                        return Future.failedFuture(
                            new PoolSetupException(
                                "pools "
                                    + other
                                    + " and "
                                    + settings.name()
                                    + " are given the same mnemonic; they would derive the same"
                                    + " keys. Give each pool its own mnemonic"));
                      }
                    }
                    return opener.open(settings, seed, fingerprint);
                  })
              .map(
                  pool -> {
                    opened.put(pool.name(), pool);
                    return null;
                  });
    }
    return chain.map(done -> Map.copyOf(opened));
  }

  private Future<Optional<byte[]>> readSeed(PoolSettings settings) {
    if (settings.mnemonicFile().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Path file = settings.mnemonicFile().get();
    String setting = "pools." + settings.name() + ".mnemonicFile";
    return kdfWorkers.executeBlocking(
        () -> {
          String words;
          try {
            words = Files.readString(file, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new PoolSetupException(setting + ": cannot read " + file + ": " + e.getMessage());
          }
          try {
            return Optional.of(Mnemonic.parse(words).seed(""));
          } catch (InvalidMnemonicException e) {
            throw new PoolSetupException(setting + ": " + e.getMessage());
          }
        },
        false);
  }

  private Future<KeyPool> open(
      PoolSettings settings, Optional<byte[]> seed, Optional<String> fingerprint) {
    String name = settings.name();
    byte[] password = new byte[32];
    random.nextBytes(password);
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    KdfParameters kdf =
        settings.kdf() == PoolSettings.Kdf.SCRYPT
            ? KdfParameters.scryptDefault(salt)
            : KdfParameters.pbkdf2Default(salt);
    byte[] passwordText = HexFormat.of().formatHex(password).getBytes(StandardCharsets.US_ASCII);
    Tuple candidate =
        Tuple.of(
            name,
            Buffer.buffer(masterKey.encrypt(passwordText, passwordContext(name))),
            PoolKdfCodec.encode(kdf),
            fingerprint.orElse(null));
    return db.preparedQuery(INSERT)
        .execute(candidate)
        .compose(inserted -> db.preparedQuery(SELECT).execute(Tuple.of(name)))
        .compose(rows -> checkFingerprint(settings, rows.iterator().next(), fingerprint).map(rows))
        .map(rows -> ready(settings, rows.iterator().next(), seed));
  }

  private Future<Void> checkFingerprint(
      PoolSettings settings, Row row, Optional<String> configured) {
    String stored = row.getString("mnemonic_fingerprint");
    String setting = "pools." + settings.name() + ".mnemonicFile";
    if (stored != null && configured.isEmpty()) {
      return Future.failedFuture(
          new PoolSetupException(
              setting
                  + " is not set, but pool "
                  + settings.name()
                  + " derives its keys from a mnemonic (its first key is "
                  + stored
                  + "); configure that mnemonic again"));
    }
    if (stored != null && !stored.equals(configured.get())) {
      return Future.failedFuture(
          new PoolSetupException(
              setting
                  + " holds another mnemonic than the one pool "
                  + settings.name()
                  + "'s keys were derived from (its first key is "
                  + stored
                  + "); restore the original mnemonic file"));
    }
    if (stored == null && configured.isPresent()) {
      return db.preparedQuery(RECORD_FINGERPRINT)
          .execute(Tuple.of(settings.name(), configured.get()))
          .mapEmpty();
    }
    return Future.succeededFuture();
  }

  private KeyPool ready(PoolSettings settings, Row row, Optional<byte[]> seed) {
    String name = settings.name();
    String password =
        new String(
            masterKey.decrypt(
                row.getBuffer("password_ciphertext").getBytes(), passwordContext(name)),
            StandardCharsets.US_ASCII);
    KdfParameters kdf = PoolKdfCodec.decode(row.getString("kdf"));
    if (!kdf.function().equalsIgnoreCase(settings.kdf().name())) {
      LOG.warn(
          "Pool {} keeps the KDF its keystores were created with ({}); the configured kdf {} applies"
              + " to new pools only",
          name,
          kdf.function(),
          settings.kdf().name().toLowerCase(java.util.Locale.ROOT));
    }
    Future<KeyMinter> minter =
        kdfWorkers.executeBlocking(
            () -> {
              long started = System.nanoTime();
              KeystoreKey key = KeystoreKey.derive(password, kdf);
              LOG.info(
                  "Pool {} ready to create keys ({} KDF took {} ms)",
                  name,
                  kdf.function(),
                  (System.nanoTime() - started) / 1_000_000);
              return (KeyMinter)
                  new PoolKeyMinter(key, seed, random, settings.deposits(), settings.network());
            },
            false);
    minter.onFailure(e -> LOG.error("Pool {} cannot create keys: {}", name, e.getMessage()));
    return new KeyPool(settings, password, minter);
  }

  /** The public key at index 0: tells mnemonics apart without storing anything secret. */
  private static String fingerprint(byte[] seed) {
    return Eip2333.derivePath(seed, Eip2334.validatorSigningPath(0)).publicKey().toHex();
  }

  private static String passwordContext(String pool) {
    return "valet:pool:" + pool + ":password";
  }
}
