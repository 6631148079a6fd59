package dev.valet.allocator.lease;

import io.vertx.core.Future;
import java.util.UUID;

/** Hands keys of a pool to pods, one lease per admission request. */
public interface Allocator {

  /**
   * Assigns keys in one transaction: the lease this request uid already has, else free keys of the
   * pool (keys used before first, oldest release first), else new keys within the pool's caps, else
   * a refusal. All or nothing: a pod gets every key it asked for or none.
   */
  Future<Allocation> allocate(AllocationRequest request);

  /**
   * Undoes an allocation whose admission failed before the pod was admitted: the lease is deleted
   * and its keys are free again at once (no pod ever held them). A lease that is no longer pending,
   * or that a retry of the same admission request received as well (its pod may be admitted with
   * those keys), is left alone for the reconciler. Completes with true when a lease was rolled
   * back.
   */
  Future<Boolean> rollBack(UUID leaseId, String reason);
}
