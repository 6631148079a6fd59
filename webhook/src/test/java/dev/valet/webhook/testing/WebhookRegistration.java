package dev.valet.webhook.testing;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Valet's MutatingWebhookConfiguration, aimed at a webhook on 127.0.0.1: pod CREATEs only, of pods
 * labelled {@code valet.dev/validator: "true"} in namespaces that carry {@code valet.dev/pool},
 * except kube-system and Valet's own; failing closed. Closing it deletes the configuration.
 *
 * <p>The namespace selector also requires this run's labels, so that runs sharing one API server
 * (or a run that died before cleaning up) never send each other's pods to the wrong webhook.
 */
public final class WebhookRegistration implements AutoCloseable {
  public static final String WEBHOOK_NAME = "pods.valet.dev";

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
    String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addNewWebhook()
        .withName(WEBHOOK_NAME)
        .withNewClientConfig()
        .withUrl("https://127.0.0.1:" + port + "/mutate")
        .withCaBundle(caBundle)
        .endClientConfig()
        .addNewRule()
        .withOperations("CREATE")
        .withApiGroups("")
        .withApiVersions("v1")
        .withResources("pods")
        .withScope("Namespaced")
        .endRule()
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey("valet.dev/pool")
        .withOperator("Exists")
        .endMatchExpression()
        .addNewMatchExpression()
        .withKey("kubernetes.io/metadata.name")
        .withOperator("NotIn")
        .withValues("kube-system", valetNamespace)
        .endMatchExpression()
        .withMatchLabels(runLabels)
        .endNamespaceSelector()
        .withNewObjectSelector()
        .withMatchLabels(Map.of("valet.dev/validator", "true"))
        .endObjectSelector()
        .withFailurePolicy("Fail")
        .withSideEffects("NoneOnDryRun")
        .withAdmissionReviewVersions("v1")
        .withTimeoutSeconds(10)
        .withMatchPolicy("Equivalent")
        .withReinvocationPolicy("Never")
        .endWebhook()
        .build();
  }

  @Override
  public void close() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
  }
}
