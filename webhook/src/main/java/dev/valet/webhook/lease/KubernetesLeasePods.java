package dev.valet.webhook.lease;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
  public Future<List<Pod>> podsCarrying(String namespace, UUID leaseId) {
    return blocking.executeBlocking(
        () ->
            client
                .pods()
                .inNamespace(namespace)
                .withLabel(ValetLabels.LEASE, leaseId.toString())
                .list()
                .getItems(),
        false);
  }

  @Override
  public Future<Optional<Pod>> get(String namespace, String name) {
    return blocking.executeBlocking(
        () -> Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get()),
        false);
  }

  /**
   * A JSON merge patch without a resourceVersion: two binds of one lease (the informer and a resync
   * can race) both succeed instead of one failing on a conflict, and the result is the same. A
   * Secret that is gone already needs no owner.
   */
  @Override
  public Future<Void> ownSecret(String namespace, String secretName, Pod owner) {
    return blocking.executeBlocking(
        () -> {
          JsonObject reference =
              new JsonObject()
                  .put("apiVersion", "v1")
                  .put("kind", "Pod")
                  .put("name", owner.getMetadata().getName())
                  .put("uid", owner.getMetadata().getUid());
          JsonObject patch =
              new JsonObject()
                  .put(
                      "metadata",
                      new JsonObject().put("ownerReferences", new JsonArray().add(reference)));
          try {
            client
                .secrets()
                .inNamespace(namespace)
                .withName(secretName)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
          } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
              throw e;
            }
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
