package dev.valet.webhook.tls;

import dev.valet.certs.ServingCertificate;
import io.vertx.core.Future;

/** What serves a certificate that a source found: the webhook's HTTPS server. */
public interface CertificateConsumer {

  /**
   * Serves {@code certificate} to new connections from now on; connections already open keep the
   * one they were opened with. Serving the certificate already served changes nothing.
   */
  Future<Void> serve(ServingCertificate certificate);
}
