package dev.valet.webhook.lease;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Optional;

/** {@link LeasePods} through fabric8, on a blocking executor. */
public final class KubernetesLeasePods implements LeasePods {
  private final KubernetesClient client;
  private final WorkerExecutor blocking;

  public KubernetesLeasePods(KubernetesClient client, WorkerExecutor blocking) {
    this.client = client;
    this.blocking = blocking;
  }

  @Override
  public Future<List<Pod>> listLeasePods() {
    return blocking.executeBlocking(
        () -> client.pods().inAnyNamespace().withLabel(ValetLabels.LEASE).list().getItems(), false);
  }

  @Override
  public Future<Optional<Pod>> get(String namespace, String name) {
    return blocking.executeBlocking(
        () -> Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get()),
        false);
  }

  @Override
  public Future<Void> ownSecret(String namespace, String secretName, Pod owner) {
    return blocking.executeBlocking(
        () -> {
          var owned =
              new OwnerReferenceBuilder()
                  .withApiVersion("v1")
                  .withKind("Pod")
                  .withName(owner.getMetadata().getName())
                  .withUid(owner.getMetadata().getUid())
                  .build();
          var secret = client.secrets().inNamespace(namespace).withName(secretName);
          if (secret.get() != null) {
            secret.edit(
                s -> {
                  s.getMetadata().setOwnerReferences(List.of(owned));
                  return s;
                });
          }
          return null;
        },
        false);
  }

  @Override
  public Future<Void> deleteSecret(String namespace, String secretName) {
    return blocking.executeBlocking(
        () -> {
          client.secrets().inNamespace(namespace).withName(secretName).delete();
          return null;
        },
        false);
  }
}
