package dev.valet.webhook.testing;

import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Valet's MutatingWebhookConfiguration as {@code manifests/base} ships it (pod CREATEs only, of
 * pods labelled {@code valet.dev/validator: "true"} in namespaces that carry {@code
 * valet.dev/pool}, except kube-system and Valet's own; failing closed), aimed at a webhook on
 * 127.0.0.1 under a name of the test's. Closing it deletes the configuration.
 *
 * <p>The namespace selector also requires this run's labels, so that runs sharing one API server
 * (or a run that died before cleaning up) never send each other's pods to the wrong webhook.
 */
public final class WebhookRegistration implements AutoCloseable {
  private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
  private static final String SHIPPED_NAMESPACE = "valet-system";

  private final KubernetesClient client;
  private final String name;

  private WebhookRegistration(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /**
   * Creates the configuration {@code name}. The API server takes about a second to apply it; wait
   * for it with a probe before relying on it.
   *
   * @param port the port of the webhook's {@code /mutate} on 127.0.0.1
   * @param caPem the CA of the webhook's serving certificate
   * @param valetNamespace the namespace Valet runs in
   * @param runLabels labels only this run's namespaces carry
   */
  public static WebhookRegistration register(
      KubernetesClient client,
      String name,
      int port,
      String caPem,
      String valetNamespace,
      Map<String, String> runLabels) {
    MutatingWebhookConfiguration configuration =
        configuration(name, port, caPem, valetNamespace, runLabels);
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(configuration)
        .create();
    return new WebhookRegistration(client, name);
  }

  static MutatingWebhookConfiguration configuration(
      String name, int port, String caPem, String valetNamespace, Map<String, String> runLabels) {
    MutatingWebhookConfiguration configuration = shipped();
    configuration.getMetadata().setName(name);
    MutatingWebhook webhook = configuration.getWebhooks().getFirst();
    String path = webhook.getClientConfig().getService().getPath();
    webhook.setClientConfig(
        new WebhookClientConfigBuilder()
            .withUrl("https://127.0.0.1:" + port + path)
            .withCaBundle(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
            .build());
    for (LabelSelectorRequirement requirement :
        webhook.getNamespaceSelector().getMatchExpressions()) {
      if (requirement.getKey().equals(NAMESPACE_NAME_LABEL)) {
        requirement.setValues(
            requirement.getValues().stream()
                .map(value -> value.equals(SHIPPED_NAMESPACE) ? valetNamespace : value)
                .toList());
      }
    }
    webhook.getNamespaceSelector().setMatchLabels(runLabels);
    return configuration;
  }

  /** The configuration of {@code manifests/base}, as {@code kubectl apply -k} would send it. */
  private static MutatingWebhookConfiguration shipped() {
    try {
      return ShippedManifests.base()
          .one(
              MutatingWebhookConfiguration.class, ManagedTlsSettings.DEFAULT_WEBHOOK_CONFIGURATION);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the manifests", e);
    }
  }

  @Override
  public void close() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
  }
}
