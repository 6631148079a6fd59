package dev.valet.webhook.tls;

import dev.valet.certs.Pem;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Makes the caBundle of every webhook in Valet's MutatingWebhookConfiguration equal to the
 * material's {@code ca.crt}, byte for byte. A {@code kubectl apply} of the manifests can empty it
 * again; the next call puts it back. The update carries the version that was read, so a concurrent
 * change is never overwritten unseen: it is a {@link TlsConflictException}. Calls block.
 */
public final class CaBundlePublisher {
  private final KubernetesClient client;
  private final String name;

  public CaBundlePublisher(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /**
   * Publishes {@code caBundle}.
   *
   * @return how many webhooks were changed; 0 when every one held it already
   * @throws IllegalStateException if the configuration does not exist or has no webhook
   */
  public int publish(List<X509Certificate> caBundle) {
    String wanted =
        Base64.getEncoder()
            .encodeToString(Pem.writeCertificates(caBundle).getBytes(StandardCharsets.US_ASCII));
    MutatingWebhookConfiguration configuration = configuration().get();
    if (configuration == null) {
      throw new IllegalStateException(
          describe() + " does not exist: apply Valet's manifests; its caBundle is published then");
    }
    List<MutatingWebhook> webhooks =
        configuration.getWebhooks() == null ? List.of() : configuration.getWebhooks();
    if (webhooks.isEmpty()) {
      throw new IllegalStateException(describe() + " has no webhook to publish the caBundle to");
    }
    int changed = 0;
    for (MutatingWebhook webhook : webhooks) {
      if (!Objects.equals(webhook.getClientConfig().getCaBundle(), wanted)) {
        webhook.getClientConfig().setCaBundle(wanted);
        changed++;
      }
    }
    if (changed > 0) {
      update(configuration);
    }
    return changed;
  }

  /** {@code MutatingWebhookConfiguration <name>}, for messages. */
  public String describe() {
    return "MutatingWebhookConfiguration " + name;
  }

  private void update(MutatingWebhookConfiguration configuration) {
    try {
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(configuration)
          .update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new TlsConflictException(describe() + " changed while its caBundle was being set");
      }
      throw e;
    }
  }

  private Resource<MutatingWebhookConfiguration> configuration() {
    return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name);
  }
}
