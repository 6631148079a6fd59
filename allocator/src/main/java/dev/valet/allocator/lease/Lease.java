package dev.valet.allocator.lease;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The assignment of keys to one pod.
 *
 * @param id the lease id, which also names the pod's Secret
 * @param requestUid the admission request that created it
 * @param pool the pool the keys belong to
 * @param pod the pod as admitted
 * @param state pending, bound or released
 * @param layout the file layout asked for
 * @param createdAt when it was created
 * @param keys the keys in order
 */
public record Lease(
    UUID id,
    String requestUid,
    String pool,
    PodReference pod,
    LeaseState state,
    String layout,
    OffsetDateTime createdAt,
    List<LeasedKey> keys) {
  public Lease {
    keys = List.copyOf(keys);
  }

  /** The name of the Secret that holds this lease's keystores. */
  public String secretName() {
    return LeaseIds.secretName(id);
  }
}
