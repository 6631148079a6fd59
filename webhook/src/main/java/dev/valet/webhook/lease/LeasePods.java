package dev.valet.webhook.lease;

import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the reconciler asks of the Kubernetes API. Every call is a fresh one, never a cache. */
public interface LeasePods {

  /** Every pod that carries a lease label, in every namespace; fails rather than answer partly. */
  Future<List<Pod>> listLeasePods();

  /** The pods in {@code namespace} that carry the lease label {@code leaseId}. */
  Future<List<Pod>> podsCarrying(String namespace, UUID leaseId);

  /** The pod, or empty when the API answers 404. */
  Future<Optional<Pod>> get(String namespace, String name);

  /** Makes the pod the owner of the lease's Secret, so the Secret goes when the pod goes. */
  Future<Void> ownSecret(String namespace, String secretName, Pod owner);

  /** Deletes the lease's Secret if it exists. */
  Future<Void> deleteSecret(String namespace, String secretName);
}
