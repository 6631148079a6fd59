package dev.valet.webhook.cli;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.KeyPools;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.store.Migrations;
import dev.valet.allocator.store.PgMasterKeyCheck;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database and pools as {@code valet serve} sees them, for a command that runs once: the schema
 * brought up to date and the master key checked, as at start-up.
 */
final class StoreSession implements AutoCloseable {
  private final Vertx vertx;
  private final Pool db;
  private final WorkerExecutor workers;
  private final ConfigFile.Contents config;
  private final StoreOptions options;

  private StoreSession(
      Vertx vertx,
      Pool db,
      WorkerExecutor workers,
      ConfigFile.Contents config,
      StoreOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.workers = workers;
    this.config = config;
    this.options = options;
  }

  static StoreSession open(StoreOptions options) {
    ConfigFile.Contents config = ConfigFile.read(options.config);
    DatabaseSettings database =
        options.databaseUrl != null
            ? withPassword(DatabaseSettings.of(options.databaseUrl), options.databasePasswordFile)
            : config
                .database()
                .orElseThrow(
                    () -> new ConfigException("database.url (or --database-url) is required"));
    Vertx vertx = Vertx.vertx();
    Pool db = Database.open(vertx, database);
    StoreSession session =
        new StoreSession(
            vertx, db, vertx.createSharedWorkerExecutor("valet-cli", 2), config, options);
    try {
      await(Migrations.apply(db));
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  Pool db() {
    return db;
  }

  /** The pool of this name in the configuration file. */
  PoolSettings pool(String name) {
    return config.pools().stream()
        .filter(pool -> pool.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "--pool "
                        + name
                        + " is not defined in "
                        + options.config
                        + " (defined: "
                        + String.join(
                            ", ", config.pools().stream().map(PoolSettings::name).toList())
                        + ")"));
  }

  /** Opens the pool as serve does, its KDF run: what re-encrypts keys under its password. */
  KeyPool open(PoolSettings pool) {
    Path file =
        options.masterKeyFile != null
            ? options.masterKeyFile
            : config.masterKeyFile().orElse(ConfigFile.DEFAULT_MASTER_KEY_FILE);
    MasterKey masterKey = MasterKey.load(file, "masterKeyFile");
    await(PgMasterKeyCheck.verifyOrRecord(db, masterKey));
    KeyPool opened =
        await(KeyPools.open(db, masterKey, List.of(pool), workers, new SecureRandom()))
            .get(pool.name());
    await(opened.minter());
    return opened;
  }

  WorkerExecutor workers() {
    return workers;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within 120 s", e);
    }
  }

  private static DatabaseSettings withPassword(DatabaseSettings settings, Path file) {
    if (file == null) {
      return settings;
    }
    try {
      return settings.withPassword(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new ConfigException("--database-password-file: cannot read " + file);
    }
  }

  @Override
  public void close() {
    try {
      await(workers.close());
      await(db.close());
    } finally {
      vertx.close();
    }
  }
}
