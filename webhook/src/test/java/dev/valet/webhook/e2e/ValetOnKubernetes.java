package dev.valet.webhook.e2e;

import static dev.valet.webhook.tls.ManagedTlsSettings.DEFAULT_SECRET_NAME;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.CloseAll;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RunningValet;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.ValetServiceAccount;
import dev.valet.webhook.testing.WebhookProbe;
import dev.valet.webhook.testing.WebhookRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test class's world: a real API server, Valet serving one pool from a fresh database under its
 * ServiceAccount with the RBAC of {@code manifests/base} (so every test here also proves that RBAC
 * sufficient), and the shipped webhook configuration pointing the API server at it. Namespaces made
 * here are this run's own and go away on {@link #close}, with the configuration, Valet and its
 * database.
 */
final class ValetOnKubernetes implements AutoCloseable {
  static final String POOL = "e2e";

  private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ValetServiceAccount account;
  private final RunningValet valet;
  private final WebhookRegistration webhook;
  private final TestNamespaces namespaces;
  private final LeaseTable leases;
  private final String valetNamespace;

  private ValetOnKubernetes(
      KubernetesClient client,
      ValetServiceAccount account,
      RunningValet valet,
      WebhookRegistration webhook,
      TestNamespaces namespaces,
      LeaseTable leases,
      String valetNamespace) {
    this.client = client;
    this.account = account;
    this.valet = valet;
    this.webhook = webhook;
    this.namespaces = namespaces;
    this.leases = leases;
    this.valetNamespace = valetNamespace;
  }

  /** Starts it all; skips the test class when no API server is configured. */
  static ValetOnKubernetes start() throws Exception {
    return start(PoolSettings.defaults(POOL).withKdf(PoolSettings.Kdf.PBKDF2));
  }

  /** As {@link #start()}, with Valet serving {@code pool}, which must be named {@link #POOL}. */
  static ValetOnKubernetes start(PoolSettings pool) throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "e2e-" + TestNamespaces.uniqueSuffix();
    Map<String, String> runLabels = Map.of("e2e.valet.dev/run", run);
    String valetNamespace = "valet-system-" + run;

    List<AutoCloseable> started = new ArrayList<>();
    try {
      KubernetesClient client = KubeApiServer.client(kubeconfig);
      started.add(client);
      TestNamespaces namespaces = new TestNamespaces(client, runLabels);
      started.add(namespaces);
      // Valet's own namespace exists in a cluster: its replicas elect their reconciler there.
      namespaces.createNamed(valetNamespace, Map.of());
      // Valet runs as its ServiceAccount with the shipped RBAC, never as the test's admin.
      ValetServiceAccount account =
          ValetServiceAccount.grant(
              client, valetNamespace, "valet-" + run, "valet-" + run, DEFAULT_SECRET_NAME);
      started.add(account);
      RunningValet valet = RunningValet.start(account.kubeconfig(), valetNamespace, List.of(pool));
      started.add(valet);
      WebhookRegistration webhook =
          WebhookRegistration.register(
              client, "valet-" + run, valet.port(), valet.caPem(), valetNamespace, runLabels);
      started.add(webhook);
      LeaseTable leases = LeaseTable.open(valet.database());
      return new ValetOnKubernetes(
          client, account, valet, webhook, namespaces, leases, valetNamespace);
    } catch (Exception | Error e) {
      CloseAll.closeAll("the end-to-end test", started.reversed());
      throw e;
    }
  }

  KubernetesClient client() {
    return client;
  }

  /** A new namespace labelled with {@code pool}, once Valet's namespace cache holds it. */
  String namespaceInPool(String pool) {
    String namespace = namespaces.create("validators", Map.of(ValetLabels.POOL, pool));
    awaitSeenByValet(namespace);
    return namespace;
  }

  /** A new namespace without the pool label. */
  String namespaceNotOptedIn() {
    return namespaces.create("plain", Map.of());
  }

  /** Valet's own namespace, labelled with the pool as if someone had opted it in by mistake. */
  String valetsOwnNamespace() {
    return namespaces.label(valetNamespace, Map.of(ValetLabels.POOL, POOL));
  }

  /** Creates the pod through the API server; returns it as stored, after admission. */
  Pod create(String namespace, Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** The pods stored in {@code namespace}. */
  List<Pod> podsIn(String namespace) {
    return client.pods().inNamespace(namespace).list().getItems();
  }

  /** The Secrets stored in {@code namespace}. */
  List<Secret> secretsIn(String namespace) {
    return client.secrets().inNamespace(namespace).list().getItems();
  }

  /** How many leases Valet's database ever recorded for pods of {@code namespace}. */
  long leasesIn(String namespace) {
    return leases.countIn(namespace);
  }

  /** Stops the webhook; its configuration stays, so the API server can no longer reach it. */
  void stopValet() {
    valet.stop();
  }

  private void awaitSeenByValet(String namespace) {
    WebhookProbe.awaitServing(client, namespace, SEEN_TIMEOUT);
  }

  @Override
  public void close() {
    CloseAll.closeAll(
        "the end-to-end test", List.of(leases, webhook, valet, account, namespaces, client));
  }
}
