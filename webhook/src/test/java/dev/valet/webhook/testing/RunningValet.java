package dev.valet.webhook.testing;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Valet started as {@code valet serve} starts it in a cluster: its own fresh database and a new
 * master key (or a database shared with other replicas, and that database's one master key), a
 * serving certificate for 127.0.0.1 on a free port, and the cluster named by a kubeconfig. {@link
 * #start} returns once {@code /readyz} says the namespace cache has synced.
 */
public final class RunningValet implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final Map<String, MasterKey> MASTER_KEYS = new ConcurrentHashMap<>();

  private final Path directory;
  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final TestTls tls;
  private ValetApp app;
  private final int port;

  private RunningValet(
      Path directory, TestDatabase database, boolean ownsDatabase, TestTls tls, ValetApp app) {
    this.directory = directory;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.tls = tls;
    this.app = app;
    this.port = app.webhookPort();
  }

  /**
   * Starts Valet in cluster mode and waits until it is ready.
   *
   * @param namespace the namespace Valet considers its own
   */
  public static RunningValet start(Path kubeconfig, String namespace, List<PoolSettings> pools)
      throws Exception {
    return start(kubeconfig, namespace, pools, ReconcilerSettings.defaults());
  }

  /**
   * As {@link #start(Path, String, List)}, with the lease reconciler paced by {@code lifecycle}.
   */
  public static RunningValet start(
      Path kubeconfig, String namespace, List<PoolSettings> pools, ReconcilerSettings lifecycle)
      throws Exception {
    TestDatabase database = TestDatabase.create();
    try {
      return start(kubeconfig, namespace, pools, lifecycle, database, true);
    } catch (Exception | Error e) {
      database.close();
      throw e;
    }
  }

  /**
   * Another replica on {@code database}, which the caller created and drops: replicas on one
   * database share its master key, as replicas of one deployment share one Secret.
   */
  public static RunningValet startOn(
      TestDatabase database,
      Path kubeconfig,
      String namespace,
      List<PoolSettings> pools,
      ReconcilerSettings lifecycle)
      throws Exception {
    return start(kubeconfig, namespace, pools, lifecycle, database, false);
  }

  private static RunningValet start(
      Path kubeconfig,
      String namespace,
      List<PoolSettings> pools,
      ReconcilerSettings lifecycle,
      TestDatabase database,
      boolean ownsDatabase)
      throws Exception {
    Path directory = Files.createTempDirectory("valet-e2e-");
    ValetApp app = null;
    try {
      Path masterKey = directory.resolve("master.key");
      MASTER_KEYS
          .computeIfAbsent(database.name(), name -> MasterKey.generate(new SecureRandom()))
          .writeNew(masterKey);
      TestTls tls = TestTls.forLoopback(directory.resolve("tls"));
      ValetConfig config =
          new ValetConfig(
              namespace,
              Optional.of(database.settings()),
              masterKey,
              new ValetConfig.Webhook(
                  "127.0.0.1",
                  0,
                  Optional.of(tls.certFile()),
                  Optional.of(tls.keyFile()),
                  Duration.ofSeconds(8)),
              pools,
              Optional.empty(),
              Optional.of(kubeconfig),
              lifecycle);
      app = ValetApp.start(config);
      RunningValet valet = new RunningValet(directory, database, ownsDatabase, tls, app);
      ReadinessProbe.await(valet.port, tls.caPem(), READY_TIMEOUT);
      return valet;
    } catch (Exception | Error e) {
      if (app != null) {
        app.close();
      }
      deleteRecursively(directory);
      throw e;
    }
  }

  /** The port of {@code https://127.0.0.1:<port>/mutate}. */
  public int port() {
    return port;
  }

  /** The CA of the serving certificate, PEM. */
  public String caPem() {
    return tls.caPem();
  }

  public TestDatabase database() {
    return database;
  }

  /** The running process, until {@link #stop}. */
  public ValetApp app() {
    if (app == null) {
      throw new IllegalStateException("this Valet was stopped");
    }
    return app;
  }

  /** Stops Valet and leaves its database, as a crashed or scaled-down webhook would. */
  public void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  @Override
  public void close() throws IOException {
    stop();
    if (ownsDatabase) {
      database.close();
    }
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
