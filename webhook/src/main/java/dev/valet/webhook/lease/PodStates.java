package dev.valet.webhook.lease;

import dev.valet.allocator.lease.LeaseSummary;
import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the reconciler reads off a pod. */
final class PodStates {
  private PodStates() {}

  /** The lease id the pod carries, if it is a well-formed one. */
  static Optional<UUID> leaseOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(ValetLabels.LEASE);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Succeeded or Failed: every container has stopped for good. Pending, Running, Unknown or a pod
   * being deleted are not terminal: its containers may still run.
   */
  static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "no phase"
        : pod.getStatus().getPhase();
  }

  static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  static String name(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Whether the pod is the one the lease was admitted for: same namespace, and name or prefix. */
  static boolean matches(LeaseSummary lease, Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (!lease.pod().namespace().equals(namespace) || name == null) {
      return false;
    }
    if (lease.podUid().isPresent()) {
      return lease.podUid().get().equals(uid(pod));
    }
    return lease.pod().name().isEmpty()
        ? name.startsWith(lease.pod().generateName())
        : lease.pod().name().equals(name);
  }
}
