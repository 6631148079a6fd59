package dev.valet.allocator.lease;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease as an operator lists it: who holds it, how many keys, and how it ended.
 *
 * @param id the lease id
 * @param pool its pool
 * @param pod the pod as admitted, with its name once bound
 * @param podUid the pod's uid, once bound
 * @param state pending, bound or released
 * @param keyCount how many keys it holds
 * @param createdAt when it was allocated
 * @param releasedAt when it was released
 * @param releasedBy who released it: the reconciler or an operator
 * @param releaseReason why
 * @param forced whether an operator released it although its pod might still run
 */
public record LeaseListing(
    UUID id,
    String pool,
    PodReference pod,
    Optional<String> podUid,
    LeaseState state,
    int keyCount,
    OffsetDateTime createdAt,
    Optional<OffsetDateTime> releasedAt,
    Optional<String> releasedBy,
    Optional<String> releaseReason,
    boolean forced) {

  public String secretName() {
    return LeaseIds.secretName(id);
  }

  /** The summary the reconciler works with. */
  public LeaseSummary summary() {
    return new LeaseSummary(id, pool, pod, podUid, state, createdAt);
  }
}
