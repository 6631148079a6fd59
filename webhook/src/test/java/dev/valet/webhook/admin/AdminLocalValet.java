package dev.valet.webhook.admin;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.AdmissionClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Valet in local mode with its admin endpoint, for tests: a real Postgres database, the webhook
 * over TLS and the admin endpoint over plain HTTP, each on a free port of 127.0.0.1, and the static
 * admin token local mode makes on first start.
 */
final class AdminLocalValet implements AutoCloseable {
  static final String NAMESPACE = "validators";

  private final ValetApp app;
  private final Path dataDir;

  private AdminLocalValet(ValetApp app, Path dataDir) {
    this.app = app;
    this.dataDir = dataDir;
  }

  /** A pool with cheap settings for tests: pbkdf2, no quarantine. */
  static PoolSettings testPool(String name) {
    return PoolSettings.defaults(name)
        .withKdf(PoolSettings.Kdf.PBKDF2)
        .withQuarantine(Duration.ZERO);
  }

  /** Starts Valet; {@link #NAMESPACE} opts in to the first pool. */
  static AdminLocalValet start(TestDatabase database, Path dataDir, List<PoolSettings> pools)
      throws Exception {
    return start(
        database,
        dataDir,
        pools,
        Map.of(NAMESPACE, pools.getFirst().name()),
        Duration.ofSeconds(1));
  }

  static AdminLocalValet start(
      TestDatabase database,
      Path dataDir,
      List<PoolSettings> pools,
      Map<String, String> namespaces,
      Duration gaugeRefresh)
      throws Exception {
    return start(database, dataDir, pools, namespaces, gaugeRefresh, ReconcilerSettings.defaults());
  }

  /**
   * @param lifecycle its pending grace is how long a pending lease is too recent to release
   */
  static AdminLocalValet start(
      TestDatabase database,
      Path dataDir,
      List<PoolSettings> pools,
      Map<String, String> namespaces,
      Duration gaugeRefresh,
      ReconcilerSettings lifecycle)
      throws Exception {
    Path masterKey = dataDir.resolve("master.key");
    if (!Files.exists(masterKey)) {
      MasterKey.generate(new SecureRandom()).writeNew(masterKey);
    }
    AdminSettings admin =
        new AdminSettings(
            Optional.empty(),
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            AdminSettings.DEFAULT_AUTH_CACHE_TTL,
            gaugeRefresh);
    ValetConfig config =
        new ValetConfig(
                "valet-system",
                Optional.of(database.settings()),
                masterKey,
                new ValetConfig.Webhook(
                    "127.0.0.1",
                    0,
                    Optional.empty(),
                    Optional.empty(),
                    ConfigFile.DEFAULT_ADMISSION_DEADLINE),
                pools,
                Optional.of(new ValetConfig.Local(dataDir, namespaces)),
                Optional.empty(),
                lifecycle)
            .withAdmin(admin);
    return new AdminLocalValet(ValetApp.start(config), dataDir);
  }

  /** The static token, as local mode wrote it on first start. */
  String token() throws Exception {
    return Files.readString(tokenFile()).strip();
  }

  Path tokenFile() {
    return dataDir.resolve(AdminSettings.LOCAL_TOKEN_FILE);
  }

  /** The admin endpoint, with the static token. */
  AdminHttp admin() throws Exception {
    return new AdminHttp(app.adminPort().orElseThrow(), Optional.of(token()));
  }

  int adminPort() {
    return app.adminPort().orElseThrow();
  }

  AdmissionClient admissions() throws Exception {
    return new AdmissionClient(app.webhookPort(), dataDir.resolve("tls").resolve("ca.crt"));
  }

  /** Admits a validator pod named {@code pod} in {@code namespace}; returns its lease id. */
  String admit(String namespace, String pod) throws Exception {
    JsonObject response =
        admissions()
            .review(AdmissionClient.podCreate(namespace, AdmissionClient.validatorPod(pod)));
    if (!response.getBoolean("allowed") || response.getString("patch") == null) {
      throw new AssertionError("pod " + pod + " got no keys: " + response.encode());
    }
    return AdmissionClient.patch(response).stream()
        .map(JsonObject.class::cast)
        .filter(op -> op.getString("path").equals("/metadata/labels/valet.dev~1lease"))
        .findFirst()
        .orElseThrow()
        .getString("value");
  }

  Path secretsDir() {
    return dataDir.resolve("secrets");
  }

  Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    app.close();
  }
}
