package dev.valet.webhook.e2e;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.admin.auth.KubernetesAccess;
import dev.valet.webhook.inject.KubernetesSecretWriter;
import dev.valet.webhook.inject.LeaseSecret;
import dev.valet.webhook.lease.KubernetesLeasePods;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.testing.CloseAll;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.ValetServiceAccount;
import dev.valet.webhook.testing.WebhookRegistration;
import dev.valet.webhook.tls.CaBundlePublisher;
import dev.valet.webhook.tls.CertificateRotation;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsSecretStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the RBAC minimality test needs: Valet's ServiceAccount with the shipped RBAC in a namespace
 * of this run, a client that authenticates as it, and Valet's own Kubernetes classes built on that
 * client. The test's admin client prepares what each operation starts from (a Secret that exists, a
 * Lease to renew), so that only the ServiceAccount's own call decides whether it works.
 */
final class RbacWorld implements AutoCloseable {
  static final String OWNER_POD = "owner";

  private final List<AutoCloseable> resources = new ArrayList<>();
  final KubernetesClient admin;
  final ValetServiceAccount account;
  final KubernetesClient valet;
  final String valetNamespace;
  final String validators;
  final String webhookConfiguration;
  final ManagedTlsSettings tls;
  private final WorkerExecutor blocking;

  private RbacWorld(
      KubernetesClient admin,
      ValetServiceAccount account,
      KubernetesClient valet,
      String valetNamespace,
      String validators,
      ManagedTlsSettings tls,
      WorkerExecutor blocking) {
    this.admin = admin;
    this.account = account;
    this.valet = valet;
    this.valetNamespace = valetNamespace;
    this.validators = validators;
    this.webhookConfiguration = tls.webhookConfiguration();
    this.tls = tls;
    this.blocking = blocking;
  }

  /** Sets it all up; skips the test class without an API server. */
  static RbacWorld start() throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "rbac-" + TestNamespaces.uniqueSuffix();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      KubernetesClient admin = KubeApiServer.client(kubeconfig);
      started.add(admin);
      TestNamespaces namespaces = new TestNamespaces(admin, Map.of("e2e.valet.dev/run", run));
      started.add(namespaces);
      String valetNamespace = namespaces.createNamed("valet-system-" + run, Map.of());
      String validators = namespaces.create("validators", Map.of());
      ManagedTlsSettings tls = managedTls("valet-" + run);
      // The configuration exists for the caBundle calls; its run label matches no namespace.
      started.add(
          WebhookRegistration.register(
              admin,
              tls.webhookConfiguration(),
              1,
              "",
              valetNamespace,
              Map.of("e2e.valet.dev/run", "none-" + run)));
      ValetServiceAccount account =
          ValetServiceAccount.grant(
              admin, valetNamespace, "valet-" + run, tls.webhookConfiguration(), tls.secretName());
      started.add(account);
      KubernetesClient valet = KubeApiServer.client(account.kubeconfig());
      started.add(valet);
      Vertx vertx = Vertx.vertx();
      started.add(() -> vertx.close().await());
      WorkerExecutor blocking = vertx.createSharedWorkerExecutor("rbac-test", 4);
      RbacWorld world =
          new RbacWorld(admin, account, valet, valetNamespace, validators, tls, blocking);
      world.resources.addAll(started.reversed());
      world.prepare();
      return world;
    } catch (Exception | Error e) {
      for (AutoCloseable resource : started.reversed()) {
        resource.close();
      }
      throw e;
    }
  }

  /** What the operations start from: a pod to own Secrets, the TLS material, a Lease. */
  private void prepare() {
    Pod owner =
        new PodBuilder()
            .withNewMetadata()
            .withName(OWNER_POD)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("validator")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    admin.pods().inNamespace(validators).resource(owner).create();
    rotation(admin).run(CertificateRotation.Force.NOTHING);
    new LeaseLock(valetNamespace, ReconcilerService.LOCK_NAME, "test")
        .create(admin, record("test"));
  }

  KubernetesLeasePods leasePods() {
    return new KubernetesLeasePods(valet, blocking);
  }

  KubernetesSecretWriter secretWriter() {
    return new KubernetesSecretWriter(valet, blocking);
  }

  /** A fresh admin check, so no answer comes from a cache. */
  KubernetesAccess access() {
    return new KubernetesAccess(valet, blocking, valetNamespace, Duration.ofSeconds(10));
  }

  /** A bearer token for the admin endpoint to review: the ServiceAccount's own. */
  String token() {
    return account.token();
  }

  /** A lease Secret of a new lease in the validators' namespace, not stored yet. */
  LeaseSecret newLeaseSecret() {
    UUID lease = UUID.randomUUID();
    return new LeaseSecret(
        validators,
        "valet-" + lease,
        Map.of(ValetLabels.LEASE, lease.toString()),
        Map.of("pubkey", "0x00".getBytes(StandardCharsets.US_ASCII)));
  }

  /** Stores {@code secret} with the admin client, as an earlier attempt would have. */
  LeaseSecret storedByAdmin(LeaseSecret secret) {
    admin
        .secrets()
        .inNamespace(secret.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(secret.name())
                .withLabels(secret.labels())
                .endMetadata()
                .build())
        .create();
    return secret;
  }

  Pod ownerPod() {
    return admin.pods().inNamespace(validators).withName(OWNER_POD).get();
  }

  CaBundlePublisher bundle() {
    return new CaBundlePublisher(valet, webhookConfiguration);
  }

  /** The CA Valet's TLS Secret holds, which belongs in the caBundle. */
  List<X509Certificate> caBundle() {
    return new TlsSecretStore(admin, valetNamespace, tls.secretName())
        .read()
        .orElseThrow()
        .material()
        .caBundle();
  }

  /** Empties the caBundle, as a {@code kubectl apply} of the manifests does. */
  void emptyCaBundle() {
    admin
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(webhookConfiguration)
        .edit(
            configuration -> {
              configuration.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(""));
              return configuration;
            });
  }

  /** One {@code valet certs} pass as the ServiceAccount. */
  CertificateRotation rotation() {
    return rotation(valet);
  }

  private CertificateRotation rotation(KubernetesClient client) {
    return new CertificateRotation(
        new TlsSecretStore(client, valetNamespace, tls.secretName()),
        new CaBundlePublisher(client, webhookConfiguration),
        tls.rotator(valetNamespace),
        Clock.systemUTC());
  }

  /** Deletes the Lease {@code name} with the admin client, so that it can be created again. */
  void deleteLease(String name) {
    admin.leases().inNamespace(valetNamespace).withName(name).delete();
    admin
        .leases()
        .inNamespace(valetNamespace)
        .withName(name)
        .waitUntilCondition(lease -> lease == null, 10, java.util.concurrent.TimeUnit.SECONDS);
  }

  static LeaderElectionRecord record(String holder) {
    ZonedDateTime now = ZonedDateTime.now();
    return new LeaderElectionRecord(holder, Duration.ofSeconds(15), now, now, 0);
  }

  private static ManagedTlsSettings managedTls(String webhookConfiguration) {
    ManagedTlsSettings defaults = ManagedTlsSettings.defaults();
    return new ManagedTlsSettings(
        defaults.secretName(),
        defaults.serviceName(),
        webhookConfiguration,
        List.of(),
        defaults.policy(),
        defaults.rotationInterval());
  }

  @Override
  public void close() {
    CloseAll.closeAll("the RBAC test", resources);
  }
}
