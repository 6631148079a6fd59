package dev.valet.webhook.e2e;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.CloseAll;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RunningValet;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.ValetServiceAccount;
import dev.valet.webhook.testing.WebhookProbe;
import dev.valet.webhook.testing.WebhookRegistration;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The world of the lease lifecycle tests: a real API server, Valet's own namespace (where its
 * replicas elect a reconciler), one database that every replica of Valet shares, the webhook
 * configuration aimed at one replica, and namespaces of this run. A pool with a short quarantine
 * and a reconciler with short intervals keep the tests quick.
 */
final class LifecycleCluster implements AutoCloseable {
  static final String POOL = "lifecycle";

  private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Map<String, String> runLabels;
  private final String run;
  private final String valetNamespace;
  private final TestNamespaces namespaces;
  private final TestDatabase database;
  private final PoolSettings pool;
  private final ReconcilerSettings lifecycle;
  private final List<RunningValet> replicas = new ArrayList<>();
  private LeaseTable leases;
  private WebhookRegistration webhook;
  private ValetServiceAccount account;

  private LifecycleCluster(
      KubernetesClient client,
      String run,
      TestDatabase database,
      PoolSettings pool,
      ReconcilerSettings lifecycle) {
    this.client = client;
    this.run = run;
    this.runLabels = Map.of("e2e.valet.dev/run", run);
    this.valetNamespace = "valet-system-" + run;
    this.namespaces = new TestNamespaces(client, runLabels);
    this.database = database;
    this.pool = pool;
    this.lifecycle = lifecycle;
  }

  /**
   * Starts one replica of Valet with {@code lifecycle} and a pool whose keys stay quarantined for
   * {@code quarantine}, and aims the webhook at it; skips the test class without an API server.
   */
  static LifecycleCluster start(ReconcilerSettings lifecycle, Duration quarantine)
      throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "lc-" + TestNamespaces.uniqueSuffix();
    PoolSettings pool =
        PoolSettings.defaults(POOL).withKdf(PoolSettings.Kdf.PBKDF2).withQuarantine(quarantine);
    KubernetesClient client = KubeApiServer.client(kubeconfig);
    LifecycleCluster cluster =
        new LifecycleCluster(client, run, TestDatabase.create(), pool, lifecycle);
    try {
      cluster.namespaces.createNamed(cluster.valetNamespace, Map.of());
      // Every replica runs as Valet's ServiceAccount with the RBAC of manifests/base.
      cluster.account =
          ValetServiceAccount.grant(
              client,
              cluster.valetNamespace,
              "valet-" + run,
              "valet-" + run,
              ManagedTlsSettings.DEFAULT_SECRET_NAME);
      RunningValet first = cluster.startReplica();
      cluster.serveWebhookFrom(first);
      cluster.leases = LeaseTable.open(cluster.database);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts another replica of Valet on the shared database. */
  RunningValet startReplica() throws Exception {
    RunningValet replica =
        RunningValet.startOn(
            database, account.kubeconfig(), valetNamespace, List.of(pool), lifecycle);
    replicas.add(replica);
    return replica;
  }

  /** Aims the API server's webhook calls at {@code replica}. */
  void serveWebhookFrom(RunningValet replica) {
    if (webhook != null) {
      webhook.close();
    }
    webhook =
        WebhookRegistration.register(
            client, "valet-" + run, replica.port(), replica.caPem(), valetNamespace, runLabels);
  }

  KubernetesClient client() {
    return client;
  }

  /** The {@code index}th replica started, counting from 0. */
  RunningValet replica(int index) {
    return replicas.get(index);
  }

  /** The reconciler of {@code replica}. */
  static ReconcilerService reconcilerOf(RunningValet replica) {
    return replica.app().reconciler().orElseThrow();
  }

  /** Waits until {@code replica} leads the reconciler. */
  static void awaitLeading(RunningValet replica, Duration timeout) {
    Eventually.await(
        "replica " + reconcilerOf(replica).identity() + " to lead",
        timeout,
        () -> reconcilerOf(replica).isLeading());
  }

  LeaseTable leases() {
    return leases;
  }

  String valetNamespace() {
    return valetNamespace;
  }

  Map<String, String> runLabels() {
    return runLabels;
  }

  /** A new namespace labelled with the pool, once the webhook answers for it. */
  String namespaceInPool() {
    String namespace = namespaces.create("validators", Map.of(ValetLabels.POOL, POOL));
    WebhookProbe.awaitServing(client, namespace, SEEN_TIMEOUT);
    return namespace;
  }

  /** A new namespace that Valet's webhook never sees. */
  String namespaceNotOptedIn() {
    return namespaces.create("plain", Map.of());
  }

  /** Creates a validator pod named {@code name} through the API server; returns it as stored. */
  Pod createValidator(String namespace, String name) {
    return create(namespace, ValidatorPods.validator(name).build());
  }

  Pod create(String namespace, Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** The pod as stored now, or null. */
  Pod pod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** Deletes the pod with its default grace period, as {@code kubectl delete pod} does. */
  void delete(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** Deletes the pod at once, as a kubelet confirms or {@code --grace-period=0 --force} does. */
  void deleteNow(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
  }

  /** Sets the pod's phase through the status subresource, as a kubelet reports it. */
  void setPhase(String namespace, String name, String phase) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            pod -> new PodBuilder(pod).editOrNewStatus().withPhase(phase).endStatus().build());
  }

  static UUID leaseOf(Pod pod) {
    return UUID.fromString(pod.getMetadata().getLabels().get(ValetLabels.LEASE));
  }

  static String pubkeyOf(Pod pod) {
    return pod.getMetadata().getAnnotations().get(ValetLabels.PUBKEY);
  }

  /** Whether the lease's Secret exists in the pod's namespace. */
  boolean secretExists(String namespace, UUID lease) {
    return client.secrets().inNamespace(namespace).withName("valet-" + lease).get() != null;
  }

  @Override
  public void close() {
    List<AutoCloseable> resources = new ArrayList<>();
    if (leases != null) {
      resources.add(leases);
    }
    if (webhook != null) {
      resources.add(webhook);
    }
    resources.addAll(replicas.reversed());
    if (account != null) {
      resources.add(account);
    }
    resources.add(namespaces);
    resources.add(database);
    resources.add(client);
    CloseAll.closeAll("the lifecycle test", resources);
  }
}
