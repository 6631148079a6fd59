package dev.valet.webhook.tls;

import dev.valet.certs.ServingCertificate;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whatever keeps the webhook's serving certificate current, started and closed as one: the PEM
 * files are read at start and followed as they change on disk.
 */
public final class WebhookTls implements AutoCloseable {
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
        org.slf4j.LoggerFactory.getLogger(WebhookTls.class)
            .warn("Stopping {} failed: {}", parts.get(i), e.toString());
      }
    }
  }
}
