package dev.valet.webhook.tls;

import dev.valet.certs.ServingCertificate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whatever keeps the webhook's serving certificate current in the configured {@link TlsMode},
 * started and closed as one.
 *
 * <ul>
 *   <li>Files: the PEM files are read at start and followed as they change on disk.
 *   <li>Managed: every replica serves what the TLS Secret holds; the replica that holds the Lease
 *       {@value CertificateRotationService#LOCK_NAME} creates and rotates it and publishes the
 *       caBundle.
 * </ul>
 */
public final class WebhookTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookTls.class);

  private final Optional<ServingCertificate> initial;
  private final Starter starter;
  private final List<AutoCloseable> parts = new ArrayList<>();

  private interface Starter {
    void start(CertificateConsumer server, List<AutoCloseable> parts);
  }

  private WebhookTls(Optional<ServingCertificate> initial, Starter starter) {
    this.initial = initial;
    this.starter = starter;
  }

  /** Serves the PEM files and follows them changing; reads them once now, blocking. */
  public static WebhookTls files(Vertx vertx, Path certFile, Path keyFile) {
    FileCertificateSource files =
        new FileCertificateSource(vertx, certFile, keyFile, FileCertificateSource.DEFAULT_INTERVAL);
    return new WebhookTls(
        files.readNow(),
        (server, parts) -> {
          parts.add(files);
          files.start(server);
        });
  }

  /**
   * Serves the managed Secret and, while leading, keeps it current.
   *
   * @param namespace Valet's own namespace: the Secret and the Lease live there
   * @param identity this replica's name in the Lease
   * @param blocking runs the blocking API calls of rotation passes
   */
  public static WebhookTls managed(
      Vertx vertx,
      KubernetesClient client,
      String namespace,
      String identity,
      ManagedTlsSettings settings,
      WorkerExecutor blocking) {
    CertificateRotation rotation =
        new CertificateRotation(
            new TlsSecretStore(client, namespace, settings.secretName()),
            new CaBundlePublisher(client, settings.webhookConfiguration()),
            settings.rotator(namespace),
            Clock.systemUTC());
    return new WebhookTls(
        Optional.empty(),
        (server, parts) -> {
          SecretCertificateSource secret =
              new SecretCertificateSource(client, namespace, settings.secretName());
          parts.add(secret);
          secret.start(server);
          CertificateRotationService leader =
              new CertificateRotationService(
                  vertx,
                  client,
                  namespace,
                  identity,
                  settings.webhookConfiguration(),
                  rotation,
                  settings.rotationInterval(),
                  blocking);
          parts.add(leader);
          leader.start();
        });
  }

  /** The certificate to listen with; empty means a placeholder until one is found. */
  public Optional<ServingCertificate> initial() {
    return initial;
  }

  /** Starts following the source; what it finds is served by {@code server}. */
  public void start(CertificateConsumer server) {
    starter.start(server, parts);
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", parts.get(i), e.toString());
      }
    }
  }
}
