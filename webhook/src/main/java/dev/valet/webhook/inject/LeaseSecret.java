package dev.valet.webhook.inject;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret that carries a lease's files into its pod.
 *
 * @param namespace the pod's namespace
 * @param name {@code valet-<lease id>}
 * @param labels the lease and pool labels
 * @param data file name to content; holds the keystore password, so never log it
 */
public record LeaseSecret(
    String namespace, String name, Map<String, String> labels, Map<String, byte[]> data) {
  public LeaseSecret {
    labels = Map.copyOf(labels);
    data = Map.copyOf(data);
  }

  /**
   * Whether a Secret already stored under this name holds this lease's keys. A lease id belongs to
   * an admission request, so a Secret left by an attempt that was rolled back (its deletion failed)
   * carries the same name and lease label but the keys of that attempt, which went back to the pool
   * and may be another pod's now: such a Secret must never be mounted for this lease.
   *
   * @param storedPubkeys the stored Secret's {@code pubkeys} file, null when it has none
   */
  private boolean holdsSameKeysAs(byte[] storedPubkeys) {
    byte[] pubkeys = data.get(LeaseFiles.PUBKEYS);
    return pubkeys == null || Arrays.equals(pubkeys, storedPubkeys);
  }

  /**
   * Fails when the Secret already stored under this name holds other keys: it is left from an
   * earlier attempt of the same admission and must not be mounted for this one.
   *
   * @param lease how the message names this Secret's lease
   */
  public void requireSameKeysAs(byte[] storedPubkeys, String lease) {
    if (!holdsSameKeysAs(storedPubkeys)) {
      throw new IllegalStateException(
          "Secret "
              + namespace
              + "/"
              + name
              + " is left from an earlier attempt of this admission and holds other keys than "
              + lease);
    }
  }

  @Override
  public String toString() {
    return "LeaseSecret["
        + namespace
        + "/"
        + name
        + ", files="
        + new TreeMap<>(data).keySet()
        + "]";
  }
}
