package dev.valet.webhook.inject;

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
