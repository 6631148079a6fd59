package dev.valet.allocator.lease;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Lease ids and the names derived from them. */
public final class LeaseIds {
  private LeaseIds() {}

  /**
   * The lease id for an admission request. It depends on the request uid alone, so a retried
   * request finds the same id, and so the same Secret name, even if an earlier attempt was rolled
   * back.
   */
  public static UUID forRequest(String requestUid) {
    return UUID.nameUUIDFromBytes(("valet-lease:" + requestUid).getBytes(StandardCharsets.UTF_8));
  }

  public static String secretName(UUID leaseId) {
    return "valet-" + leaseId;
  }
}
