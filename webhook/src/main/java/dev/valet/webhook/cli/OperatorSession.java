package dev.valet.webhook.cli;

import dev.valet.allocator.lease.LeaseReleaser;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.app.LocalDatabase;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.inject.FileSecretWriter;
import dev.valet.webhook.inject.KubernetesSecretWriter;
import dev.valet.webhook.inject.SecretWriter;
import dev.valet.webhook.lease.KubernetesLeasePods;
import dev.valet.webhook.lease.LeasePods;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an operator's command works with: the database that {@code valet serve} uses and, outside
 * local mode, the cluster. Secrets are deleted where serve writes them: through the API, or as
 * files under the data directory in local mode.
 */
final class OperatorSession implements AutoCloseable {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final String SCHEMA_PRESENT =
      "SELECT to_regclass('leases') IS NOT NULL AS present";

  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private PgLeases leases;
  private LeaseReleaser releaser;
  private SecretWriter secrets;
  private LeasePods pods;

  private OperatorSession() {}

  /**
   * Connects to the database and, outside local mode and when {@code cluster} is true, to the
   * cluster.
   */
  static OperatorSession open(ConfigOptions options, boolean cluster) {
    OperatorSession session = new OperatorSession();
    try {
      session.connect(options, cluster);
      return session;
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
  }

  private void connect(ConfigOptions options, boolean cluster) {
    ConfigFile.Contents file = options.file();
    DatabaseSettings database = database(options, file);
    Pool db = Database.open(vertx, database.withPoolSize(2));
    resources.add(() -> db.close().await(5, TimeUnit.SECONDS));
    requireSchema(db, database);
    leases = new PgLeases(db);
    releaser = PgLeaseReleaser.withQuarantines(db, quarantines(file.pools()));
    if (options.local()) {
      secrets = new FileSecretWriter(vertx, options.dataDirectory().resolve("secrets"));
      return;
    }
    if (!cluster) {
      return;
    }
    KubernetesClient client = kubernetesClient(options.kubeconfig());
    resources.add(client::close);
    WorkerExecutor blocking = vertx.createSharedWorkerExecutor("valet-operator", 2);
    resources.add(blocking::close);
    secrets = new KubernetesSecretWriter(client, blocking);
    pods = new KubernetesLeasePods(client, blocking);
  }

  /** The flags' or the file's database; in local mode without one, the embedded one of serve. */
  private DatabaseSettings database(ConfigOptions options, ConfigFile.Contents file) {
    Optional<DatabaseSettings> configured = options.database(file);
    if (configured.isPresent()) {
      return configured.get();
    }
    if (!options.local()) {
      throw new ConfigException(
          "database.url is required outside local mode: give --database-url or --config");
    }
    Path dataDir = options.dataDirectory();
    if (!Files.isDirectory(dataDir.resolve("postgres"))) {
      throw new ConfigException(
          "no database: " + dataDir + " holds no local mode database; give --database-url");
    }
    try {
      LocalDatabase local = LocalDatabase.start(dataDir);
      resources.add(local);
      return DatabaseSettings.of(local.url());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "cannot start the local mode database under "
              + dataDir
              + " ("
              + e.getMessage()
              + "); while valet serve --local runs, stop it or give --database-url");
    }
  }

  /** Valet's commands never create the schema: that is serve's first start. */
  private void requireSchema(Pool db, DatabaseSettings database) {
    boolean present =
        await(db.query(SCHEMA_PRESENT).execute()).iterator().next().getBoolean("present");
    if (!present) {
      throw new ConfigException(
          "the database "
              + Database.redactedUrl(database.url())
              + " holds no leases: name the database that valet serve uses (serve creates its"
              + " tables when it first starts)");
    }
  }

  private static Map<String, Duration> quarantines(List<PoolSettings> pools) {
    Map<String, Duration> quarantines = new HashMap<>();
    pools.forEach(pool -> quarantines.put(pool.name(), pool.quarantine()));
    return quarantines;
  }

  private KubernetesClient kubernetesClient(Optional<Path> kubeconfig) {
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx));
    if (kubeconfig.isPresent()) {
      if (!Files.isReadable(kubeconfig.get())) {
        throw new ConfigException("--kubeconfig: cannot read " + kubeconfig.get());
      }
      builder.withConfig(Config.fromKubeconfig(kubeconfig.get().toFile()));
    }
    return builder.build();
  }

  PgLeases leases() {
    return leases;
  }

  LeaseReleaser releaser() {
    return releaser;
  }

  SecretWriter secrets() {
    return secrets;
  }

  /** The cluster's pods; empty in local mode, where no pod is looked at. */
  Optional<LeasePods> pods() {
    return Optional.ofNullable(pods);
  }

  /** The result of {@code future}; its failure, or no answer in time, is thrown. */
  <T> T await(Future<T> future) {
    try {
      return future.await(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s from the database or the cluster",
          e);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing after the answer was printed: nothing the operator could act on.
      }
    }
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // The process ends anyway.
    }
  }
}
