package dev.valet.webhook.admin.release;

import dev.valet.allocator.admin.LeaseView;
import io.vertx.core.Future;

/** Whether the pod of a lease still exists, asked fresh each time, never from a cache. */
public interface PodPresence {

  /** What is known of a lease's pod. */
  sealed interface Answer {
    /** No pod carries the lease, or every one that does has finished (Succeeded or Failed). */
    record Gone() implements Answer {}

    /**
     * A pod that may still run carries the lease.
     *
     * @param pod its namespace and name
     * @param phase its phase, or "no phase"
     */
    record Present(String pod, String phase) implements Answer {}

    /**
     * Nobody can tell now.
     *
     * @param reason why, for the operator
     */
    record Unknown(String reason) implements Answer {}
  }

  /** The answer for {@code lease}; never a failed future. */
  Future<Answer> of(LeaseView lease);
}
