package dev.valet.allocator.admin;

import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.PodReference;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease as operators see it: who holds which keys, since when, and how it ended.
 *
 * @param id the lease id; its Secret is {@code valet-<id>}
 * @param pool the pool of its keys
 * @param pod the pod as admitted
 * @param podUid the pod's uid, once bound
 * @param state pending, bound or released
 * @param layout the file layout of its Secret
 * @param keyCount how many keys it holds
 * @param pubkeys the public keys, in the order of the Secret's files
 * @param createdAt when it was allocated
 * @param boundAt when its pod was seen
 * @param releasedAt when it was released
 * @param releaseReason why it was released
 * @param releasedBy who released it: the reconciler, or an operator's identity
 * @param forced whether an operator released it while its pod might still exist
 */
public record LeaseView(
    UUID id,
    String pool,
    PodReference pod,
    Optional<String> podUid,
    LeaseState state,
    String layout,
    int keyCount,
    List<String> pubkeys,
    OffsetDateTime createdAt,
    Optional<OffsetDateTime> boundAt,
    Optional<OffsetDateTime> releasedAt,
    Optional<String> releaseReason,
    Optional<String> releasedBy,
    boolean forced) {
  public LeaseView {
    pubkeys = List.copyOf(pubkeys);
  }
}
