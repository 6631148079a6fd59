package dev.valet.webhook.testing;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * Waits until the API server calls Valet's webhook for a namespace and Valet's namespace cache
 * holds it: until a dry-run pod that Valet must refuse (it brings a lease label of its own) is
 * refused. Before then the API server does not call the webhook yet, or Valet does not know the
 * namespace and lets the pod pass; being a dry run, the probe leaves nothing either way.
 */
public final class WebhookProbe {
  private WebhookProbe() {}

  public static void awaitServing(KubernetesClient client, String namespace, Duration timeout) {
    Pod probe =
        new PodBuilder()
            .withNewMetadata()
            .withName("probe")
            .addToLabels(ValetLabels.VALIDATOR, "true")
            .addToLabels(ValetLabels.LEASE, "probe")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("validator")
            .withImage("validator-client:probe")
            .endContainer()
            .endSpec()
            .build();
    Eventually.await(
        "Valet's webhook to answer for namespace " + namespace,
        timeout,
        () -> {
          try {
            client.pods().inNamespace(namespace).resource(probe).dryRun().create();
            return false;
          } catch (KubernetesClientException e) {
            return String.valueOf(e.getMessage()).contains("denied the request");
          }
        });
  }
}
