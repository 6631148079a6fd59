package dev.valet.webhook.testing;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Valet in local mode for tests: real TLS on an ephemeral port of 127.0.0.1, a real Postgres
 * database, Secrets as files under a temporary directory.
 */
public final class LocalValet implements AutoCloseable {
  public static final String NAMESPACE = "validators";

  private final ValetApp app;
  private final Path dataDir;

  private LocalValet(ValetApp app, Path dataDir) {
    this.app = app;
    this.dataDir = dataDir;
  }

  /** A pool with cheap enough settings for tests: pbkdf2, no quarantine. */
  public static PoolSettings testPool(String name) {
    return PoolSettings.defaults(name)
        .withKdf(PoolSettings.Kdf.PBKDF2)
        .withQuarantine(Duration.ZERO);
  }

  /**
   * Starts Valet on {@code database} with the given pools; {@link #NAMESPACE} opts in to the first.
   */
  public static LocalValet start(TestDatabase database, Path dataDir, List<PoolSettings> pools)
      throws Exception {
    return start(database, dataDir, pools, Map.of(NAMESPACE, pools.getFirst().name()));
  }

  public static LocalValet start(
      TestDatabase database, Path dataDir, List<PoolSettings> pools, Map<String, String> namespaces)
      throws Exception {
    return start(
        database.name(),
        database.settings(),
        ConfigFile.DEFAULT_ADMISSION_DEADLINE,
        dataDir,
        pools,
        namespaces);
  }

  /**
   * Starts Valet with database settings and an admission deadline of the test's own ({@code
   * databaseName} picks the master key shared by instances on one database); {@link #NAMESPACE}
   * opts in to the first pool.
   */
  public static LocalValet start(
      String databaseName,
      DatabaseSettings settings,
      Duration admissionDeadline,
      Path dataDir,
      List<PoolSettings> pools)
      throws Exception {
    return start(
        databaseName,
        settings,
        admissionDeadline,
        dataDir,
        pools,
        Map.of(NAMESPACE, pools.getFirst().name()));
  }

  private static LocalValet start(
      String databaseName,
      DatabaseSettings settings,
      Duration admissionDeadline,
      Path dataDir,
      List<PoolSettings> pools,
      Map<String, String> namespaces)
      throws Exception {
    Path masterKey = dataDir.resolve("master.key");
    if (!Files.exists(masterKey)) {
      sharedMasterKey(databaseName).writeNew(masterKey);
    }
    ValetConfig config =
        new ValetConfig(
            "valet-system",
            Optional.of(settings),
            masterKey,
            new ValetConfig.Webhook(
                "127.0.0.1", 0, Optional.empty(), Optional.empty(), admissionDeadline),
            pools,
            Optional.of(new ValetConfig.Local(dataDir, namespaces)),
            Optional.empty(),
            ReconcilerSettings.defaults());
    return new LocalValet(ValetApp.start(config), dataDir);
  }

  private static final Map<String, MasterKey> MASTER_KEYS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One master key per test database, so two instances on one database agree. */
  private static MasterKey sharedMasterKey(String databaseName) {
    return MASTER_KEYS.computeIfAbsent(databaseName, n -> MasterKey.generate(new SecureRandom()));
  }

  public int port() {
    return app.webhookPort();
  }

  public Path caFile() {
    return dataDir.resolve("tls").resolve("ca.crt");
  }

  public Path secretsDir() {
    return dataDir.resolve("secrets");
  }

  public ValetApp app() {
    return app;
  }

  @Override
  public void close() throws IOException {
    app.close();
  }
}
