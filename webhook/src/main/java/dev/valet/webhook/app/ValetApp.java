package dev.valet.webhook.app;

import dev.valet.allocator.admin.PgDepositReads;
import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.deposit.send.SenderSeams;
import dev.valet.allocator.lease.Allocator;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.KeyPools;
import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.store.Migrations;
import dev.valet.allocator.store.PgMasterKeyCheck;
import dev.valet.webhook.admin.AdminEndpoint;
import dev.valet.webhook.admission.PodAdmission;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.deposit.DepositService;
import dev.valet.webhook.inject.FileSecretWriter;
import dev.valet.webhook.inject.KubernetesSecretWriter;
import dev.valet.webhook.inject.SecretWriter;
import dev.valet.webhook.lease.KubernetesLeasePods;
import dev.valet.webhook.lease.Leadership;
import dev.valet.webhook.lease.LeasePods;
import dev.valet.webhook.lease.LeaseReconciler;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.metrics.CertificateExpiry;
import dev.valet.webhook.metrics.ValetMetrics;
import dev.valet.webhook.namespace.InformerNamespacePools;
import dev.valet.webhook.namespace.NamespacePools;
import dev.valet.webhook.namespace.StaticNamespacePools;
import dev.valet.webhook.server.MutatePodHandler;
import dev.valet.webhook.server.WebhookServer;
import dev.valet.webhook.tls.TlsMode;
import dev.valet.webhook.tls.WebhookTls;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running process: wires every part in one visible place and closes them in reverse. */
public final class ValetApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValetApp.class);
  private static final int KDF_THREADS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
  private static final int KUBERNETES_THREADS = 16;
  // Retries of one API request, 100, 200 and 400 ms apart: a blip passes, an outage fails fast.
  private static final int API_RETRIES = 3;
  private static final int API_RETRY_INTERVAL_MILLIS = 100;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Vertx vertx;
  private WebhookServer webhook;
  private ReconcilerService reconciler;
  private AdminEndpoint admin;

  private ValetApp(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts everything; returns once the webhook listens. */
  public static ValetApp start(ValetConfig config) throws Exception {
    ValetApp app = new ValetApp(Vertx.vertx());
    try {
      app.startAll(config);
      return app;
    } catch (Exception | Error e) {
      app.close();
      throw e;
    }
  }

  private void startAll(ValetConfig config) throws Exception {
    long started = System.nanoTime();
    ValetMetrics metrics = new ValetMetrics();
    resources.add(metrics);
    DatabaseSettings databaseSettings = database(config);
    Pool db = Database.open(vertx, databaseSettings);
    resources.add(() -> db.close().await(5, TimeUnit.SECONDS));
    Migrations.apply(db).await(60, TimeUnit.SECONDS);

    MasterKey masterKey = masterKey(config, db);
    PgMasterKeyCheck.verifyOrRecord(db, masterKey).await(30, TimeUnit.SECONDS);

    WorkerExecutor kdfWorkers = vertx.createSharedWorkerExecutor("valet-kdf", KDF_THREADS);
    resources.add(kdfWorkers::close);
    SecureRandom random = new SecureRandom();
    Map<String, KeyPool> pools =
        KeyPools.open(db, masterKey, config.pools(), kdfWorkers, random)
            .await(60, TimeUnit.SECONDS);
    Allocator allocator = metrics.counting(new PgAllocator(db, pools, kdfWorkers));

    NamespacePools namespaces;
    SecretWriter secrets;
    WebhookTls tls;
    Optional<KubernetesClient> cluster = Optional.empty();
    if (config.local().isPresent()) {
      namespaces = new StaticNamespacePools(config.local().get().namespaces());
      secrets = new FileSecretWriter(vertx, config.local().get().secretsDir());
      tls = localTls(config);
    } else {
      KubernetesClient client = kubernetesClient(config);
      resources.add(client::close);
      cluster = Optional.of(client);
      WorkerExecutor kubernetesWorkers =
          vertx.createSharedWorkerExecutor("valet-kubernetes", KUBERNETES_THREADS);
      resources.add(kubernetesWorkers::close);
      InformerNamespacePools informer = InformerNamespacePools.start(client, kubernetesWorkers);
      resources.add(informer);
      namespaces = informer;
      secrets = new KubernetesSecretWriter(client, kubernetesWorkers);
      startReconciler(config, client, db, pools, kubernetesWorkers);
      tls = clusterTls(config, client, kubernetesWorkers);
      metrics.follow(reconciler);
    }
    resources.add(tls);
    startDeposits(config, db);

    PodAdmission admission =
        new PodAdmission(
            vertx,
            namespaces,
            pools,
            allocator,
            secrets,
            config.exemptNamespaces(),
            config.webhook().admissionDeadline());
    webhook =
        WebhookServer.start(
                vertx,
                config.webhook().host(),
                config.webhook().port(),
                tls.initial(),
                new MutatePodHandler(admission, metrics.admissions()),
                namespaces::ready)
            .await(30, TimeUnit.SECONDS);
    tls.initial()
        .ifPresent(
            certificate ->
                metrics.certificates().served(CertificateExpiry.WEBHOOK, certificate.leaf()));
    tls.start(
        certificate -> {
          metrics.certificates().served(CertificateExpiry.WEBHOOK, certificate.leaf());
          return webhook.serve(certificate);
        });
    if (config.admin().isPresent()) {
      admin =
          AdminEndpoint.start(
              vertx,
              config,
              db,
              pools,
              secrets,
              namespaces::ready,
              cluster,
              metrics,
              Optional.of(new PgDepositReads(db)));
      resources.add(admin);
    }
    LOG.info(
        "Valet serving admissions on https://{}:{}/mutate ({} pool(s): {}; {}), ready in {} ms",
        config.webhook().host(),
        webhook.actualPort(),
        pools.size(),
        String.join(", ", pools.keySet()),
        config.local().isPresent()
            ? "local mode, Secrets under " + config.local().get().secretsDir()
            : "Secrets in the cluster",
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The lease lifecycle: runs on whichever replica wins the election. */
  private void startReconciler(
      ValetConfig config,
      KubernetesClient client,
      Pool db,
      Map<String, KeyPool> pools,
      WorkerExecutor kubernetesWorkers) {
    PgLeases leases = new PgLeases(db);
    PgLeaseReleaser releaser = new PgLeaseReleaser(db, pools);
    LeasePods leasePods = new KubernetesLeasePods(client, kubernetesWorkers);
    String identity = replicaIdentity();
    Leadership leadership = new Leadership(ReconcilerService.RENEW_DEADLINE);
    LeaseReconciler leaseReconciler =
        new LeaseReconciler(
            leases,
            releaser,
            leasePods,
            config.lifecycle(),
            Clock.systemUTC(),
            leadership::isLeading,
            "reconciler:" + identity);
    reconciler =
        new ReconcilerService(
            vertx,
            client,
            config.namespace(),
            identity,
            config.lifecycle(),
            leadership,
            leaseReconciler);
    resources.add(reconciler);
    reconciler.start();
  }

  /**
   * The deposit senders of auto pools: on the reconciler's elected leader in a cluster, always in
   * local mode (one process).
   */
  private void startDeposits(ValetConfig config, Pool db) {
    ReconcilerService leader = reconciler;
    DepositService deposits =
        DepositService.start(
            db, config.pools(), leader == null ? () -> true : leader::isLeading, SenderSeams.NONE);
    resources.add(deposits);
  }

  /** The pod's name in a cluster; elsewhere the host name and a random suffix. */
  private static String replicaIdentity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = System.getenv().getOrDefault("HOSTNAME", "valet");
    return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** The reconciler of this replica, present in cluster mode. */
  public java.util.Optional<ReconcilerService> reconciler() {
    return java.util.Optional.ofNullable(reconciler);
  }

  /**
   * A client from the configured kubeconfig, or else from fabric8's own lookup, that gives up on an
   * unreachable API server within a second rather than fabric8's default of about 100 s of retries:
   * an admission has {@code admissionDeadline} in all, and the reconciler, the election and the
   * certificate rotation each try again on their own schedule.
   */
  private KubernetesClient kubernetesClient(ValetConfig config) {
    Config clientConfig;
    if (config.kubeconfig().isPresent()) {
      Path file = config.kubeconfig().get();
      if (!Files.isReadable(file)) {
        throw new ConfigException("--kubeconfig: cannot read " + file);
      }
      clientConfig = Config.fromKubeconfig(file.toFile());
    } else {
      clientConfig = Config.autoConfigure(null);
    }
    clientConfig.setRequestRetryBackoffInterval(API_RETRY_INTERVAL_MILLIS);
    clientConfig.setRequestRetryBackoffLimit(API_RETRIES);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .withConfig(clientConfig)
        .build();
  }

  private DatabaseSettings database(ValetConfig config) throws Exception {
    if (config.database().isPresent()) {
      return config.database().get();
    }
    LocalDatabase local = LocalDatabase.start(config.local().orElseThrow().dataDir());
    resources.add(local);
    LOG.info(
        "Started the embedded Postgres of local mode at {}", Database.redactedUrl(local.url()));
    return DatabaseSettings.of(local.url());
  }

  /**
   * Local mode makes a master key on first start, but never for a database that already has one.
   */
  private MasterKey masterKey(ValetConfig config, Pool db) throws Exception {
    Path file = config.masterKeyFile();
    if (config.local().isPresent() && !Files.exists(file)) {
      boolean fresh =
          db.query("SELECT 1 FROM settings WHERE name = 'master_key_check'")
                  .execute()
                  .await(30, TimeUnit.SECONDS)
                  .size()
              == 0;
      if (fresh) {
        MasterKey.generate(new SecureRandom()).writeNew(file);
        LOG.info(
            "Made a new master key at {}: back it up, no key can be unlocked without it", file);
      }
    }
    return MasterKey.load(file, "masterKeyFile");
  }

  /** Local mode serves the given files, or else files it makes under the data directory. */
  private WebhookTls localTls(ValetConfig config) throws Exception {
    ValetConfig.Webhook settings = config.webhook();
    if (settings.tlsCertFile().isPresent()) {
      return WebhookTls.files(
          vertx, settings.tlsCertFile().get(), settings.tlsKeyFile().orElseThrow());
    }
    Path dir = LocalTls.ensure(config.local().orElseThrow().dataDir(), Clock.systemUTC());
    return WebhookTls.files(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key"));
  }

  /** File mode serves the given files; managed mode the Secret it keeps current. */
  private WebhookTls clusterTls(
      ValetConfig config, KubernetesClient client, WorkerExecutor kubernetesWorkers) {
    ValetConfig.Webhook settings = config.webhook();
    if (config.tlsMode() == TlsMode.FILES) {
      return WebhookTls.files(
          vertx, settings.tlsCertFile().orElseThrow(), settings.tlsKeyFile().orElseThrow());
    }
    LOG.info(
        "Managed TLS: Secret {}/{}, caBundle of MutatingWebhookConfiguration {}",
        config.namespace(),
        settings.managedTls().secretName(),
        settings.managedTls().webhookConfiguration());
    return WebhookTls.managed(
        vertx,
        client,
        config.namespace(),
        replicaIdentity(),
        settings.managedTls(),
        kubernetesWorkers);
  }

  /** The port of the admin endpoint, if it runs; useful when it was configured as 0. */
  public Optional<Integer> adminPort() {
    return Optional.ofNullable(admin).map(AdminEndpoint::port);
  }

  /** The port the webhook listens on, useful when it was configured as 0. */
  public int webhookPort() {
    return webhook.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    if (webhook != null) {
      webhook.close().await();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resources.get(i), e.toString());
      }
    }
    vertx.close().await();
  }
}
