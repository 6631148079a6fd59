package dev.valet.allocator.lease;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease as the reconciler sees it: no keystores, just who holds it.
 *
 * @param id the lease id
 * @param pool its pool
 * @param pod the pod as admitted (its name may be empty for a generated name)
 * @param podUid the uid of the pod, once bound
 * @param state pending or bound (or released)
 * @param createdAt when it was allocated
 */
public record LeaseSummary(
    UUID id,
    String pool,
    PodReference pod,
    Optional<String> podUid,
    LeaseState state,
    OffsetDateTime createdAt) {

  public String secretName() {
    return LeaseIds.secretName(id);
  }
}
