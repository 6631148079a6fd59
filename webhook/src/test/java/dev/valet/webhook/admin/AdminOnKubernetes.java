package dev.valet.webhook.admin;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.TestTls;
import dev.valet.webhook.testing.ValetServiceAccount;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Valet in cluster mode against the real API server with its admin endpoint on 127.0.0.1: tokens
 * are checked by TokenReview and SubjectAccessReview in Valet's own namespace, which this harness
 * creates for the run, with a namespace opted in to the pool. The reconciler leads, but resyncs
 * only at start, so a test decides when leases end.
 */
final class AdminOnKubernetes implements AutoCloseable {
  static final String POOL = "e2e";

  private final KubernetesClient client;
  private final TestNamespaces namespaces;
  private final TestDatabase database;
  private final Path directory;
  private final ValetApp app;
  private final String valetNamespace;
  private final String validators;
  private final TestTls tls;
  private ValetServiceAccount account;

  private AdminOnKubernetes(
      KubernetesClient client,
      TestNamespaces namespaces,
      TestDatabase database,
      Path directory,
      ValetApp app,
      String valetNamespace,
      String validators,
      TestTls tls) {
    this.client = client;
    this.namespaces = namespaces;
    this.database = database;
    this.directory = directory;
    this.app = app;
    this.valetNamespace = valetNamespace;
    this.validators = validators;
    this.tls = tls;
  }

  /** Starts it all; skips the calling test class when no API server is configured. */
  static AdminOnKubernetes start() throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "admin-" + TestNamespaces.uniqueSuffix();
    KubernetesClient client = KubeApiServer.client(kubeconfig);
    TestNamespaces namespaces = new TestNamespaces(client, Map.of("e2e.valet.dev/run", run));
    TestDatabase database = null;
    Path directory = Files.createTempDirectory("valet-admin-e2e-");
    ValetApp app = null;
    ValetServiceAccount account = null;
    try {
      String valetNamespace = namespaces.createNamed("valet-" + run, Map.of());
      String validators = namespaces.create("validators", Map.of(ValetLabels.POOL, POOL));
      // Valet asks for TokenReviews and SubjectAccessReviews as its ServiceAccount, with the
      // RBAC of manifests/base.
      account =
          ValetServiceAccount.grant(
              client,
              valetNamespace,
              "valet-" + run,
              "valet-" + run,
              ManagedTlsSettings.DEFAULT_SECRET_NAME);
      database = TestDatabase.create();
      Path masterKey = directory.resolve("master.key");
      MasterKey.generate(new SecureRandom()).writeNew(masterKey);
      TestTls tls = TestTls.forLoopback(directory.resolve("tls"));
      ValetConfig config =
          new ValetConfig(
                  valetNamespace,
                  Optional.of(database.settings()),
                  masterKey,
                  new ValetConfig.Webhook(
                      "127.0.0.1",
                      0,
                      Optional.of(tls.certFile()),
                      Optional.of(tls.keyFile()),
                      Duration.ofSeconds(8)),
                  List.of(PoolSettings.defaults(POOL).withKdf(PoolSettings.Kdf.PBKDF2)),
                  Optional.empty(),
                  Optional.of(account.kubeconfig()),
                  new ReconcilerSettings(
                      Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(1)))
              .withAdmin(AdminSettings.defaults().withHost("127.0.0.1").withPort(0));
      app = ValetApp.start(config);
      AdminOnKubernetes world =
          new AdminOnKubernetes(
              client, namespaces, database, directory, app, valetNamespace, validators, tls);
      world.account = account;
      world.awaitReady();
      return world;
    } catch (Exception | Error e) {
      if (app != null) {
        app.close();
      }
      if (database != null) {
        database.close();
      }
      if (account != null) {
        account.close();
      }
      namespaces.close();
      client.close();
      deleteRecursively(directory);
      throw e;
    }
  }

  /** Waits until the admin endpoint is ready and Valet's namespace cache knows the validators. */
  private void awaitReady() {
    AdminHttp anonymous = admin(Optional.empty());
    Eventually.await(
        "the admin endpoint to report ready",
        Duration.ofSeconds(60),
        () -> {
          try {
            return anonymous.get("/readyz").status() == 200;
          } catch (Exception e) {
            return false;
          }
        });
    Eventually.await(
        "Valet to see namespace " + validators + " opted in",
        Duration.ofSeconds(30),
        () -> {
          JsonObject dryRun =
              AdmissionClient.podCreate(
                  UUID.randomUUID().toString(),
                  validators,
                  AdmissionClient.validatorPod("probe"),
                  true);
          try {
            return admissions().review(dryRun).encode().contains("dry run");
          } catch (Exception e) {
            return false;
          }
        });
  }

  KubernetesClient client() {
    return client;
  }

  /** Valet's own namespace: the one its permissions are asked in. */
  String valetNamespace() {
    return valetNamespace;
  }

  /** A namespace labelled with the pool. */
  String validators() {
    return validators;
  }

  /** A new namespace for this run. */
  String namespace(String prefix) {
    return namespaces.create(prefix, Map.of());
  }

  AdminHttp admin(Optional<String> token) {
    return new AdminHttp(app.adminPort().orElseThrow(), token);
  }

  AdmissionClient admissions() throws Exception {
    return new AdmissionClient(app.webhookPort(), caFile());
  }

  private Path caFile() throws Exception {
    Path ca = directory.resolve("ca.crt");
    if (!Files.exists(ca)) {
      Files.writeString(ca, tls.caPem());
    }
    return ca;
  }

  /**
   * Admits a validator pod straight through the webhook, as the API server would, without storing a
   * pod; returns the lease id.
   */
  String admit(String pod) throws Exception {
    JsonObject response =
        admissions()
            .review(AdmissionClient.podCreate(validators, AdmissionClient.validatorPod(pod)));
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

  @Override
  public void close() throws IOException {
    try {
      app.close();
    } finally {
      try {
        database.close();
        account.close();
        namespaces.close();
      } finally {
        client.close();
        deleteRecursively(directory);
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
