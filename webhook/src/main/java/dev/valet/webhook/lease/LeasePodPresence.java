package dev.valet.webhook.lease;

import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.LeaseSummary;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Whether the pod of a lease may still run, asked of the API afresh: what an operator must know
 * before releasing a lease by hand. A bound lease's pod is looked up by name and compared by uid; a
 * pending lease's pod is any pod in its namespace that carries the lease's label under the name (or
 * generateName prefix) it was admitted with. A pod that has finished (Succeeded, Failed) no longer
 * runs; a pod being deleted, or in phase Unknown, may.
 */
public final class LeasePodPresence {
  private LeasePodPresence() {}

  /** What the API said. */
  public sealed interface Presence {
    /** Why the answer is what it is, for the operator. */
    String explanation();
  }

  /** A pod of the lease exists and its containers may still run. */
  public record Running(String explanation) implements Presence {}

  /** No pod of the lease runs. */
  public record Gone(String explanation) implements Presence {}

  /** Asks the API; fails when the API cannot answer, and never guesses. */
  public static Future<Presence> check(LeasePods pods, LeaseSummary lease) {
    if (lease.state() == LeaseState.BOUND) {
      return pods.get(lease.pod().namespace(), lease.pod().name())
          .map(found -> bound(lease, found));
    }
    return pods.podsCarrying(lease.pod().namespace(), lease.id())
        .map(found -> pending(lease, found));
  }

  private static Presence bound(LeaseSummary lease, Optional<Pod> found) {
    String name = lease.pod().namespace() + "/" + lease.pod().name();
    if (found.isEmpty()) {
      return new Gone("pod " + name + " does not exist");
    }
    if (!PodStates.matches(lease, found.get())) {
      return new Gone(
          "pod " + name + " is another pod now (uid " + PodStates.uid(found.get()) + ")");
    }
    return ofPod(found.get());
  }

  private static Presence pending(LeaseSummary lease, List<Pod> found) {
    List<Pod> carriers = found.stream().filter(pod -> PodStates.matches(lease, pod)).toList();
    for (Pod pod : carriers) {
      if (!PodStates.isTerminal(pod)) {
        return ofPod(pod);
      }
    }
    return carriers.isEmpty()
        ? new Gone(
            "no pod in namespace "
                + lease.pod().namespace()
                + " carries the lease (admitted as "
                + lease.pod().displayName()
                + ")")
        : ofPod(carriers.getFirst());
  }

  private static Presence ofPod(Pod pod) {
    if (PodStates.isTerminal(pod)) {
      return new Gone(
          "pod " + PodStates.name(pod) + " has finished (" + PodStates.phase(pod) + ")");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new Running(
          "pod "
              + PodStates.name(pod)
              + " is being deleted since "
              + pod.getMetadata().getDeletionTimestamp()
              + ", but its containers may still run");
    }
    return new Running("pod " + PodStates.name(pod) + " exists (" + PodStates.phase(pod) + ")");
  }
}
