package dev.valet.webhook.admission;

import dev.valet.allocator.lease.Allocation;
import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.Allocator;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.webhook.inject.LeaseFiles;
import dev.valet.webhook.inject.LeaseSecret;
import dev.valet.webhook.inject.SecretWriter;
import dev.valet.webhook.namespace.NamespacePools;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one pod admission: whether the pod is Valet's to handle, what it asked for, and then the
 * lease, the Secret and the patch. Any failure after keys were taken gives them back in the same
 * request and denies the pod, so nothing is left half done; an answer that would come after the
 * deadline is a denial instead, and what it took is given back when it completes.
 */
public final class PodAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);

  private final Vertx vertx;
  private final NamespacePools namespaces;
  private final Map<String, KeyPool> pools;
  private final Allocator allocator;
  private final SecretWriter secrets;
  private final Set<String> exemptNamespaces;
  private final Duration deadline;

  /**
   * @param exemptNamespaces namespaces whose pods are never mutated (kube-system, Valet's own)
   * @param deadline the longest an admission may take, well inside the webhook's timeout
   */
  public PodAdmission(
      Vertx vertx,
      NamespacePools namespaces,
      Map<String, KeyPool> pools,
      Allocator allocator,
      SecretWriter secrets,
      Set<String> exemptNamespaces,
      Duration deadline) {
    this.vertx = vertx;
    this.namespaces = namespaces;
    this.pools = Map.copyOf(pools);
    this.allocator = allocator;
    this.secrets = secrets;
    this.exemptNamespaces = Set.copyOf(exemptNamespaces);
    this.deadline = deadline;
  }

  /** The decision for {@code request}; never a failed future. */
  public Future<AdmissionDecision> admit(AdmissionRequest request) {
    if (!request.isPodCreate()) {
      return Future.succeededFuture(
          AdmissionDecision.deny(
              400,
              "Valet only handles the CREATE of pods, not "
                  + request.operation()
                  + " of "
                  + request.resource()
                  + (request.subResource().isEmpty() ? "" : "/" + request.subResource())
                  + "; limit the webhook's rules to pods, CREATE"));
    }
    if (exemptNamespaces.contains(request.namespace())) {
      return Future.succeededFuture(AdmissionDecision.allow());
    }
    PodRequest pod;
    try {
      pod = PodRequest.parse(request.object());
    } catch (BadReviewException e) {
      return Future.succeededFuture(AdmissionDecision.deny(400, e.getMessage()));
    }
    if (!PodPolicy.isValidator(pod)) {
      return Future.succeededFuture(AdmissionDecision.allow());
    }
    return admitValidator(request, pod);
  }

  private Future<AdmissionDecision> admitValidator(AdmissionRequest request, PodRequest pod) {
    String namespace = request.namespace();
    return namespaces
        .lookup(namespace)
        .compose(
            lookup ->
                switch (lookup) {
                  case NamespacePools.Lookup.NotReady notReady ->
                      Future.succeededFuture(
                          AdmissionDecision.deny(
                              503,
                              "the namespace of the pod could not be read yet; the pod's controller"
                                  + " will retry"));
                  case NamespacePools.Lookup.NotOptedIn notOptedIn ->
                      Future.succeededFuture(
                          AdmissionDecision.allowWithWarning(
                              "namespace "
                                  + namespace
                                  + " has no valet.dev/pool label, so no key was assigned"));
                  case NamespacePools.Lookup.OptedIn optedIn ->
                      admitInPool(request, pod, optedIn.pool());
                });
  }

  private Future<AdmissionDecision> admitInPool(
      AdmissionRequest request, PodRequest pod, String poolName) {
    String namespace = request.namespace();
    KeyPool pool = pools.get(poolName);
    if (pool == null) {
      return Future.succeededFuture(
          AdmissionDecision.deny(
              403,
              "namespace "
                  + namespace
                  + " names pool '"
                  + poolName
                  + "', which is not defined in Valet's configuration (defined: "
                  + String.join(", ", pools.keySet().stream().sorted().toList())
                  + "); fix the namespace's valet.dev/pool label or define the pool"));
    }
    return switch (PodPolicy.decide(pod, pool.settings().maxKeysPerPod())) {
      case PodPolicy.Decision.Refused refused ->
          Future.succeededFuture(AdmissionDecision.deny(400, refused.reason()));
      case PodPolicy.Decision.Inject inject when request.dryRun() ->
          Future.succeededFuture(
              AdmissionDecision.allowWithWarning(
                  "dry run: no key was assigned and nothing was written"));
      case PodPolicy.Decision.Inject inject -> withDeadline(request, pod, pool, inject.injection());
    };
  }

  private Future<AdmissionDecision> withDeadline(
      AdmissionRequest request, PodRequest pod, KeyPool pool, Injection injection) {
    Promise<AdmissionDecision> answer = Promise.promise();
    long timer =
        vertx.setTimer(
            deadline.toMillis(),
            fired ->
                answer.tryComplete(
                    AdmissionDecision.deny(
                        503,
                        "no answer within "
                            + deadline.toSeconds()
                            + " s (the database or the Kubernetes API is slow); nothing was"
                            + " assigned, the pod's controller will retry")));
    allocateAndInject(request, pod, pool, injection)
        .onComplete(
            result -> {
              vertx.cancelTimer(timer);
              Outcome outcome =
                  result.succeeded()
                      ? result.result()
                      : new Outcome(
                          AdmissionDecision.deny(500, Failures.describe(result.cause())), null);
              if (!answer.tryComplete(outcome.decision()) && outcome.lease() != null) {
                undo(outcome.lease(), "the admission passed its deadline before it was answered");
              }
            });
    return answer.future();
  }

  /** A decision and the lease it granted, if any. */
  private record Outcome(AdmissionDecision decision, Lease lease) {}

  private Future<Outcome> allocateAndInject(
      AdmissionRequest request, PodRequest pod, KeyPool pool, Injection injection) {
    AllocationRequest allocation =
        new AllocationRequest(
            pool.name(),
            new PodReference(request.namespace(), pod.name(), pod.generateName()),
            request.uid(),
            injection.keyCount(),
            injection.layout().label());
    return allocator
        .allocate(allocation)
        .compose(
            result ->
                switch (result) {
                  case Allocation.Refused refused ->
                      Future.succeededFuture(
                          new Outcome(AdmissionDecision.deny(403, refused.reason()), null));
                  case Allocation.Granted granted -> inject(granted.lease(), pool, pod, injection);
                });
  }

  private Future<Outcome> inject(Lease lease, KeyPool pool, PodRequest pod, Injection injection) {
    LeaseSecret secret = LeaseFiles.secret(lease, pool.password(), pool.settings().network());
    return secrets
        .write(secret)
        .map(
            written -> {
              JsonArray patch =
                  PodPatch.build(
                      pod,
                      injection,
                      lease.id().toString(),
                      LeaseFiles.annotations(lease, pod.annotations()),
                      LeaseFiles.volume(lease, injection.layout()));
              return new Outcome(AdmissionDecision.patch(patch), lease);
            })
        .recover(
            failure -> {
              String cause = Failures.describe(failure);
              LOG.warn("Admission of lease {} failed, giving its keys back: {}", lease.id(), cause);
              return undo(lease, cause)
                  .map(
                      undone ->
                          new Outcome(
                              AdmissionDecision.deny(
                                  500,
                                  "could not write Secret "
                                      + secret.namespace()
                                      + "/"
                                      + secret.name()
                                      + " ("
                                      + cause
                                      + "); no key was assigned, the pod's controller will retry"),
                              null));
            });
  }

  /**
   * Rolls the lease back and then deletes its Secret; completes (never fails) when both were tried.
   * The Secret goes only when the roll-back happened: a lease that a retry of the same request was
   * also given stays pending, with its Secret, for the reconciler to settle.
   */
  private Future<Void> undo(Lease lease, String reason) {
    return allocator
        .rollBack(lease.id(), reason)
        .transform(
            rolledBack -> {
              if (rolledBack.failed()) {
                LOG.warn(
                    "Could not roll back lease {} ({}); it stays pending until the reconciler"
                        + " releases it",
                    lease.id(),
                    Failures.describe(rolledBack.cause()));
                return Future.<Void>succeededFuture();
              }
              if (!rolledBack.result()) {
                return Future.<Void>succeededFuture();
              }
              return secrets
                  .delete(lease.pod().namespace(), lease.secretName())
                  .recover(
                      failure -> {
                        LOG.warn(
                            "Could not delete Secret {} of rolled-back lease {}: {}",
                            lease.secretName(),
                            lease.id(),
                            Failures.describe(failure));
                        return Future.succeededFuture();
                      });
            });
  }
}
