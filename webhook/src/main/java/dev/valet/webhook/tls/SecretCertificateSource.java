package dev.valet.webhook.tls;

import dev.valet.certs.InvalidTlsMaterialException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate from the managed TLS Secret, on every replica: an informer watches that
 * one Secret and each version of it that holds usable material is served. A Secret that goes away
 * or holds something unusable leaves the certificate served before in place, with a warning.
 */
public final class SecretCertificateSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecretCertificateSource.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final TlsSecretStore store;
  private SharedIndexInformer<Secret> informer;

  public SecretCertificateSource(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.store = new TlsSecretStore(client, namespace, name);
  }

  /** Starts watching; returns at once. The first certificate is served once the Secret is read. */
  public void start(CertificateConsumer to) {
    informer = client.secrets().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret secret) {
            changed(secret, to);
          }

          @Override
          public void onUpdate(Secret before, Secret secret) {
            changed(secret, to);
          }

          @Override
          public void onDelete(Secret secret, boolean finalStateUnknown) {
            LOG.warn(
                "{} was deleted; the certificate served now stays until the leader makes new"
                    + " material",
                store.describe());
          }
        });
    informer.start();
  }

  private void changed(Secret secret, CertificateConsumer to) {
    try {
      to.serve(store.materialOf(secret).serving())
          .onFailure(
              e ->
                  LOG.warn(
                      "Serving the certificate of {} failed: {}", store.describe(), e.toString()));
    } catch (InvalidTlsMaterialException e) {
      LOG.warn("{}; the certificate served now stays", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
