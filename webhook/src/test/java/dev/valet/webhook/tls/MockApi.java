package dev.valet.webhook.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/** fabric8's CRUD mock of the API on 127.0.0.1, and Valet's webhook configuration in it. */
final class MockApi implements AutoCloseable {
  static final String NAMESPACE = "valet-system";
  static final String CONFIGURATION = "valet";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockApi() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  /** Creates the configuration {@value #CONFIGURATION} with these webhooks and no caBundle. */
  void createConfiguration(String... webhookNames) {
    var builder =
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(CONFIGURATION)
            .endMetadata();
    for (String name : webhookNames) {
      builder
          .addNewWebhook()
          .withName(name)
          .withNewClientConfig()
          .withNewService()
          .withNamespace(NAMESPACE)
          .withName("valet-webhook")
          .withPath("/mutate")
          .endService()
          .endClientConfig()
          .withSideEffects("NoneOnDryRun")
          .withAdmissionReviewVersions("v1")
          .endWebhook();
    }
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(builder.build())
        .create();
  }

  MutatingWebhookConfiguration configuration() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .get();
  }

  /** The caBundle of each webhook, base64 as stored; null where there is none. */
  List<String> caBundles() {
    return configuration().getWebhooks().stream()
        .map(webhook -> webhook.getClientConfig().getCaBundle())
        .toList();
  }

  /** Empties every caBundle, as a {@code kubectl apply} of manifests without one does. */
  void wipeCaBundles() {
    MutatingWebhookConfiguration applied = configuration();
    applied.getWebhooks().forEach(webhook -> webhook.getClientConfig().setCaBundle(null));
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(applied).update();
  }

  /** The base64 value of {@code key} in the Secret, or null. */
  String secretData(String secretName, String key) {
    var secret = client.secrets().inNamespace(NAMESPACE).withName(secretName).get();
    return secret == null ? null : Objects.requireNonNull(secret.getData()).get(key);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
