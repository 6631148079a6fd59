package dev.valet.webhook.admin;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.PgEventReads;
import dev.valet.allocator.admin.PgKeyReads;
import dev.valet.allocator.admin.PgKeyRetirement;
import dev.valet.allocator.admin.PgLeaseReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.deposit.store.PgDepositDownload;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.admin.api.AdminApi;
import dev.valet.webhook.admin.api.DepositDownloadRoutes;
import dev.valet.webhook.admin.auth.AccessControl;
import dev.valet.webhook.admin.auth.AdminTokenFile;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.KubernetesAccess;
import dev.valet.webhook.admin.auth.StaticTokenAccess;
import dev.valet.webhook.admin.release.KubernetesPodPresence;
import dev.valet.webhook.admin.release.NoClusterPodPresence;
import dev.valet.webhook.admin.release.OperatorRelease;
import dev.valet.webhook.admin.release.PodPresence;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.inject.SecretWriter;
import dev.valet.webhook.metrics.CertificateExpiry;
import dev.valet.webhook.metrics.Refresh;
import dev.valet.webhook.metrics.ValetMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint, wired from the parts of the running Valet and started: in a cluster, tokens
 * are checked by TokenReview and SubjectAccessReview and pods are asked of the API; in local mode,
 * one static token from a file (made on first start) grants everything, and no pod can be seen.
 */
public final class AdminEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);
  private static final int ADMIN_THREADS = 4;

  private final HttpServer server;
  private final WorkerExecutor workers;
  private final Refresh gauges;

  private AdminEndpoint(HttpServer server, WorkerExecutor workers, Refresh gauges) {
    this.server = server;
    this.workers = workers;
    this.gauges = gauges;
  }

  /**
   * Starts the endpoint that {@code config.admin()} describes; blocks until it listens.
   *
   * @param cluster the Kubernetes client in cluster mode; empty in local mode
   * @param deposits where deposits are read from; empty in a Valet without deposit tracking
   */
  public static AdminEndpoint start(
      Vertx vertx,
      ValetConfig config,
      Pool db,
      Map<String, KeyPool> pools,
      SecretWriter secrets,
      BooleanSupplier informersSynced,
      Optional<KubernetesClient> cluster,
      ValetMetrics metrics,
      Optional<DepositReads> deposits)
      throws Exception {
    AdminSettings settings = config.admin().orElseThrow();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("valet-admin", ADMIN_THREADS);
    Refresh gauges = () -> {};
    try {
      PgPoolReads poolReads = new PgPoolReads(db, settingsOf(pools));
      PgLeaseReads leaseReads = new PgLeaseReads(db);
      PodPresence presence =
          cluster
              .<PodPresence>map(client -> new KubernetesPodPresence(client, workers))
              .orElseGet(NoClusterPodPresence::new);
      OperatorRelease release =
          new OperatorRelease(
              leaseReads,
              new PgLeaseReleaser(db, pools),
              presence,
              secrets,
              config.lifecycle().pendingGrace(),
              Clock.systemUTC());
      AdminApi api =
          new AdminApi(
              poolReads,
              new PgKeyReads(db),
              leaseReads,
              new PgEventReads(db),
              deposits,
              new PgKeyRetirement(db),
              release,
              deposits.map(
                  tracked ->
                      new DepositDownloadRoutes(
                          settingsOf(pools), new PgDepositDownload(db), Clock.systemUTC())));
      BearerTokens tokens = new BearerTokens(access(config, settings, cluster, workers));
      AdminReadiness readiness =
          new AdminReadiness(db, informersSynced, metrics.certificates(), Clock.systemUTC());
      gauges = metrics.readPoolStates(vertx, poolReads, deposits, settings.gaugeRefresh());

      Optional<PemKeyCertOptions> tls = tls(settings, metrics.certificates());
      String host = settings.listenHost(config.local().isPresent());
      HttpServer server =
          AdminServer.listen(
                  vertx,
                  host,
                  settings.port(),
                  tls,
                  AdminServer.router(vertx, readiness, tokens, api, metrics))
              .await(30, TimeUnit.SECONDS);
      LOG.info(
          "Admin endpoint on {}://{}:{}/ (page, /api/v1/, /metrics; /healthz and /readyz open)",
          tls.isPresent() ? "https" : "http",
          host,
          server.actualPort());
      if (tls.isEmpty() && cluster.isPresent() && !host.startsWith("127.")) {
        LOG.warn(
            "The admin endpoint serves plain HTTP on {}: callers' Kubernetes tokens cross the"
                + " network unencrypted. Set admin.tlsCertFile and admin.tlsKeyFile, or keep the"
                + " port off the network and reach it with kubectl port-forward",
            host);
      }
      return new AdminEndpoint(server, workers, gauges);
    } catch (Exception | Error e) {
      gauges.close();
      workers.close();
      throw e;
    }
  }

  private static Map<String, PoolSettings> settingsOf(Map<String, KeyPool> pools) {
    Map<String, PoolSettings> settings = new HashMap<>();
    pools.forEach((name, pool) -> settings.put(name, pool.settings()));
    return settings;
  }

  private static AccessControl access(
      ValetConfig config,
      AdminSettings settings,
      Optional<KubernetesClient> cluster,
      WorkerExecutor workers)
      throws Exception {
    if (cluster.isPresent()) {
      LOG.info(
          "Admin callers are checked by TokenReview and SubjectAccessReview (API group valet.dev,"
              + " namespace {})",
          config.namespace());
      return new KubernetesAccess(
          cluster.get(), workers, config.namespace(), settings.authCacheTtl());
    }
    Path file =
        settings
            .tokenFile()
            .orElse(config.local().orElseThrow().dataDir().resolve(AdminSettings.LOCAL_TOKEN_FILE));
    if (settings.tokenFile().isEmpty() && AdminTokenFile.createIfAbsent(file, new SecureRandom())) {
      LOG.info(
          "Made a new admin token in {}: give it to the admin page or curl as a bearer token",
          file);
    } else {
      LOG.info("Admin callers need the token in {}", file);
    }
    return new StaticTokenAccess(AdminTokenFile.read(file));
  }

  private static Optional<PemKeyCertOptions> tls(
      AdminSettings settings, CertificateExpiry certificates) throws Exception {
    if (settings.tlsCertFile().isEmpty()) {
      return Optional.empty();
    }
    Path cert = settings.tlsCertFile().get();
    certificates.servedFromFile(CertificateExpiry.ADMIN, cert);
    return Optional.of(
        new PemKeyCertOptions()
            .setCertPath(cert.toString())
            .setKeyPath(settings.tlsKeyFile().orElseThrow().toString()));
  }

  /** The port it listens on, useful when it was configured as 0. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    gauges.close();
    server.close().await();
    workers.close();
  }
}
