package dev.valet.allocator.lease;

import io.vertx.core.Future;
import java.util.UUID;

/** Ends leases whose pods are gone: their keys return to the pool after its quarantine. */
public interface LeaseReleaser {

  /** What a release did. */
  enum Outcome {
    /** The lease was released by this call. */
    RELEASED,
    /** The lease had been released before; nothing changed. */
    ALREADY_RELEASED,
    /** No lease has this id. */
    NO_SUCH_LEASE
  }

  /**
   * Releases a pending or bound lease in one transaction: the lease and each of its keys are marked
   * released, and every key is free again only once the pool's quarantine has passed, so that a
   * container that outlived its pod stops before another pod signs with the key. An event records
   * who released it, why, and whether it was forced. Releasing a released lease changes nothing.
   *
   * @param reason why, for the event log
   * @param actor who: the reconciler, or the operator's name
   * @param forced true when an operator released it although its pod may still exist
   */
  Future<Outcome> release(UUID leaseId, String reason, String actor, boolean forced);
}
