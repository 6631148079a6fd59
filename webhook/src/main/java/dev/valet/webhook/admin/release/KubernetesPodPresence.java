package dev.valet.webhook.admin.release;

import dev.valet.allocator.admin.LeaseView;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.admission.Failures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the Kubernetes API, fresh: every pod in the lease's namespace that carries the lease label,
 * and the pod of the lease's name (with its uid, once bound) in case its label was taken off. Gone
 * means none of them may still run: the API answered and each is absent, Succeeded or Failed.
 */
public final class KubernetesPodPresence implements PodPresence {
  private final KubernetesClient client;
  private final WorkerExecutor blocking;

  public KubernetesPodPresence(KubernetesClient client, WorkerExecutor blocking) {
    this.client = client;
    this.blocking = blocking;
  }

  @Override
  public Future<Answer> of(LeaseView lease) {
    return blocking
        .executeBlocking(() -> ask(lease), false)
        .otherwise(
            failure ->
                new Answer.Unknown(
                    "the Kubernetes API did not say whether the pod is gone ("
                        + Failures.describe(failure)
                        + ")"));
  }

  private Answer ask(LeaseView lease) {
    String namespace = lease.pod().namespace();
    List<Pod> candidates =
        new ArrayList<>(
            client
                .pods()
                .inNamespace(namespace)
                .withLabel(ValetLabels.LEASE, lease.id().toString())
                .list()
                .getItems());
    if (!lease.pod().name().isEmpty()) {
      Pod named = client.pods().inNamespace(namespace).withName(lease.pod().name()).get();
      if (named != null
          && lease.podUid().isPresent()
          && lease.podUid().get().equals(named.getMetadata().getUid())) {
        candidates.add(named);
      }
    }
    for (Pod pod : candidates) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        return new Answer.Present(
            namespace + "/" + pod.getMetadata().getName(), phase == null ? "no phase" : phase);
      }
    }
    return new Answer.Gone();
  }
}
