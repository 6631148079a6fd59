package dev.valet.allocator.lease;

import java.util.Objects;

/**
 * One admission's request for keys.
 *
 * @param pool the pool named by the namespace's label
 * @param pod the pod being admitted
 * @param requestUid the admission request's uid: a retry of the same request carries the same one
 * @param keyCount how many keys the pod asks for
 * @param layout the file layout the pod asked for, recorded with the lease
 */
public record AllocationRequest(
    String pool, PodReference pod, String requestUid, int keyCount, String layout) {
  public AllocationRequest {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(layout, "layout");
    if (requestUid == null || requestUid.isBlank()) {
      throw new IllegalArgumentException("an allocation needs the admission request uid");
    }
    if (keyCount < 1) {
      throw new IllegalArgumentException("an allocation asks for at least one key");
    }
  }
}
