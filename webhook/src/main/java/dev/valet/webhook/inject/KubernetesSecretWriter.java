package dev.valet.webhook.inject;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.HttpURLConnection;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Writes lease Secrets through the Kubernetes API, on a blocking executor. */
public final class KubernetesSecretWriter implements SecretWriter {
  private final KubernetesClient client;
  private final WorkerExecutor blocking;

  /**
   * @param client the API client
   * @param blocking runs the client's blocking calls, never an event loop
   */
  public KubernetesSecretWriter(KubernetesClient client, WorkerExecutor blocking) {
    this.client = client;
    this.blocking = blocking;
  }

  @Override
  public Future<Void> write(LeaseSecret secret) {
    return blocking.executeBlocking(
        () -> {
          create(secret);
          return null;
        },
        false);
  }

  @Override
  public Future<Void> delete(String namespace, String name) {
    return blocking.executeBlocking(
        () -> {
          client.secrets().inNamespace(namespace).withName(name).delete();
          return null;
        },
        false);
  }

  private void create(LeaseSecret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    secret.data().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    Secret resource =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(secret.namespace())
            .withName(secret.name())
            .withLabels(secret.labels())
            .endMetadata()
            .withType("Opaque")
            .withImmutable(true)
            .withData(data)
            .build();
    try {
      client.secrets().inNamespace(secret.namespace()).resource(resource).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Secret existing =
          client.secrets().inNamespace(secret.namespace()).withName(secret.name()).get();
      String lease = secret.labels().get(ValetLabels.LEASE);
      if (existing == null
          || existing.getMetadata().getLabels() == null
          || !Objects.equals(existing.getMetadata().getLabels().get(ValetLabels.LEASE), lease)) {
        throw new IllegalStateException(
            "Secret "
                + secret.namespace()
                + "/"
                + secret.name()
                + " exists but does not belong to lease "
                + lease
                + "; delete it");
      }
      String storedPubkeys =
          existing.getData() == null ? null : existing.getData().get(LeaseFiles.PUBKEYS);
      secret.requireSameKeysAs(
          storedPubkeys == null ? null : Base64.getDecoder().decode(storedPubkeys),
          "lease " + lease);
    }
  }
}
