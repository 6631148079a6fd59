package dev.valet.webhook.e2e;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.admin.auth.Permission;
import dev.valet.webhook.inject.LeaseSecret;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.tls.CertificateRotation;
import dev.valet.webhook.tls.CertificateRotationService;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For each verb of the shipped RBAC, a call Valet makes that needs it, made the way Valet's code
 * makes it (its own classes where they can be driven alone, otherwise the same fabric8 call).
 */
final class RbacOperations {
  private static final String CORE = "";
  private static final String WEBHOOKS = "admissionregistration.k8s.io";
  private static final String LEASES = "coordination.k8s.io";

  private RbacOperations() {}

  /** A call that needs {@code verb} on {@code resource}, granted by the Role or ClusterRole. */
  record Operation(RbacGrant grant, String call, Call action) {
    @Override
    public String toString() {
      return grant + ": " + call;
    }
  }

  /** One call; it throws when the API server refuses it. */
  @FunctionalInterface
  interface Call {
    void run(RbacWorld world) throws Exception;
  }

  static List<Operation> all() {
    return List.of(
        cluster(
            CORE,
            "pods",
            "get",
            "the reconciler reads a lease's pod before a release (KubernetesLeasePods.get)",
            w -> await(w.leasePods().get(w.validators, RbacWorld.OWNER_POD))),
        cluster(
            CORE,
            "pods",
            "list",
            "a resync lists every pod that carries a lease (KubernetesLeasePods.listLeasePods)",
            w -> await(w.leasePods().listLeasePods())),
        cluster(
            CORE,
            "pods",
            "watch",
            "the reconciler's informer on lease pods (ReconcilerService)",
            w -> informs(w.valet.pods().inAnyNamespace().withLabel(ValetLabels.LEASE))),
        cluster(
            CORE,
            "secrets",
            "create",
            "an admission writes its lease Secret (KubernetesSecretWriter.write)",
            w -> await(w.secretWriter().write(w.newLeaseSecret()))),
        cluster(
            CORE,
            "secrets",
            "get",
            "a retried admission finds its lease Secret stored (KubernetesSecretWriter.write)",
            w -> await(w.secretWriter().write(w.storedByAdmin(w.newLeaseSecret())))),
        cluster(
            CORE,
            "secrets",
            "patch",
            "binding makes the pod own its lease Secret (KubernetesLeasePods.ownSecret)",
            w -> {
              LeaseSecret secret = w.storedByAdmin(w.newLeaseSecret());
              await(w.leasePods().ownSecret(w.validators, secret.name(), w.ownerPod()));
            }),
        cluster(
            CORE,
            "secrets",
            "delete",
            "a release deletes the lease Secret (KubernetesLeasePods.deleteSecret)",
            w -> {
              LeaseSecret secret = w.storedByAdmin(w.newLeaseSecret());
              await(w.leasePods().deleteSecret(w.validators, secret.name()));
            }),
        cluster(
            CORE,
            "namespaces",
            "get",
            "an admission from a namespace the cache has not seen reads it"
                + " (InformerNamespacePools)",
            w -> w.valet.namespaces().withName(w.validators).get()),
        cluster(
            CORE,
            "namespaces",
            "list",
            "the namespace cache lists the opted-in namespaces (InformerNamespacePools)",
            w -> w.valet.namespaces().withLabel(ValetLabels.POOL).list()),
        cluster(
            CORE,
            "namespaces",
            "watch",
            "the namespace cache follows the opted-in namespaces (InformerNamespacePools)",
            w -> informs(w.valet.namespaces().withLabel(ValetLabels.POOL))),
        cluster(
            WEBHOOKS,
            "mutatingwebhookconfigurations",
            "get",
            "the caBundle is compared with the CA (CaBundlePublisher.publish)",
            w -> w.bundle().publish(w.caBundle())),
        cluster(
            WEBHOOKS,
            "mutatingwebhookconfigurations",
            "update",
            "a caBundle emptied by kubectl apply is put back (CaBundlePublisher.publish)",
            w -> {
              w.emptyCaBundle();
              w.bundle().publish(w.caBundle());
            }),
        cluster(
            WEBHOOKS,
            "mutatingwebhookconfigurations",
            "list",
            "the certificate leader follows the configuration (CertificateRotationService)",
            w -> informs(webhookConfiguration(w))),
        cluster(
            WEBHOOKS,
            "mutatingwebhookconfigurations",
            "watch",
            "the certificate leader follows the configuration (CertificateRotationService)",
            w -> informs(webhookConfiguration(w))),
        cluster(
            "authentication.k8s.io",
            "tokenreviews",
            "create",
            "the admin endpoint asks whose bearer token it is (KubernetesAccess.decide)",
            w -> await(w.access().decide(w.token(), Permission.LIST_POOLS))),
        cluster(
            "authorization.k8s.io",
            "subjectaccessreviews",
            "create",
            "the admin endpoint asks what the caller may do (KubernetesAccess.decide)",
            w -> await(w.access().decide(w.token(), Permission.LIST_POOLS))),
        role(
            LEASES,
            "leases",
            "create",
            "the first replica makes the certificate election's Lease (LeaseLock.create)",
            w -> {
              w.deleteLease(CertificateRotationService.LOCK_NAME);
              new LeaseLock(w.valetNamespace, CertificateRotationService.LOCK_NAME, "test")
                  .create(w.valet, RbacWorld.record("test"));
            }),
        role(
            LEASES,
            "leases",
            "get",
            "every replica reads the reconciler's Lease (LeaseLock.get)",
            w -> new LeaseLock(w.valetNamespace, ReconcilerService.LOCK_NAME, "test").get(w.valet)),
        role(
            LEASES,
            "leases",
            "patch",
            "the leader renews the reconciler's Lease (LeaseLock.update)",
            w -> {
              LeaseLock lock = new LeaseLock(w.valetNamespace, ReconcilerService.LOCK_NAME, "test");
              lock.get(w.admin);
              lock.update(w.valet, RbacWorld.record("test"));
            }),
        role(
            CORE,
            "secrets",
            "update",
            "valet certs --renew-leaf stores a new serving certificate (CertificateRotation)",
            w -> w.rotation().run(CertificateRotation.Force.LEAF)),
        role(
            CORE,
            "secrets",
            "list",
            "every replica follows the TLS Secret (SecretCertificateSource)",
            w ->
                informs(
                    w.valet.secrets().inNamespace(w.valetNamespace).withName(w.tls.secretName()))),
        role(
            CORE,
            "secrets",
            "watch",
            "every replica follows the TLS Secret (SecretCertificateSource)",
            w ->
                informs(
                    w.valet.secrets().inNamespace(w.valetNamespace).withName(w.tls.secretName()))));
  }

  private static Informable<?> webhookConfiguration(RbacWorld w) {
    return w.valet
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(w.webhookConfiguration);
  }

  private static Operation cluster(
      String group, String resource, String verb, String call, Call action) {
    return new Operation(
        new RbacGrant(RbacGrant.CLUSTER_ROLE, group, resource, verb), call, action);
  }

  private static Operation role(
      String group, String resource, String verb, String call, Call action) {
    return new Operation(new RbacGrant(RbacGrant.ROLE, group, resource, verb), call, action);
  }

  private static void await(Future<?> future) throws Exception {
    future.await(20, TimeUnit.SECONDS);
  }

  /** Starts an informer as Valet's services do; it throws unless its list and watch both work. */
  private static void informs(Informable<?> informable) {
    SharedIndexInformer<?> informer = informable.inform();
    informer.close();
  }
}
