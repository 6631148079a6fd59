package dev.valet.webhook.admin.release;

import dev.valet.allocator.admin.LeaseView;
import io.vertx.core.Future;

/** Local mode has no cluster to ask: whether a pod is gone is never known, so only force helps. */
public final class NoClusterPodPresence implements PodPresence {
  @Override
  public Future<Answer> of(LeaseView lease) {
    return Future.succeededFuture(
        new Answer.Unknown(
            "Valet runs in local mode, without a cluster, so it cannot see whether the pod is"
                + " gone"));
  }
}
