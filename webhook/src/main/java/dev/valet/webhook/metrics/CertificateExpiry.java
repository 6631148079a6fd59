package dev.valet.webhook.metrics;

import dev.valet.certs.Pem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the certificate each server serves expires: whatever loads or rotates a serving certificate
 * tells this hook, and the gauge {@code valet_certificate_expiry_timestamp_seconds{server}} and
 * readiness follow.
 */
public final class CertificateExpiry {
  static final String EXPIRY = "valet.certificate.expiry.timestamp";

  /** The webhook's HTTPS server. */
  public static final String WEBHOOK = "webhook";

  /** The admin endpoint's server, when it serves TLS. */
  public static final String ADMIN = "admin";

  private final MeterRegistry registry;
  private final Map<String, Instant> notAfter = new ConcurrentHashMap<>();

  CertificateExpiry(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code server} serves a certificate that expires at {@code expiry} from now on. */
  public void served(String server, Instant expiry) {
    if (notAfter.put(server, expiry) == null) {
      Gauge.builder(EXPIRY, () -> notAfter.get(server).getEpochSecond())
          .description("When the certificate a server serves expires, in Unix seconds")
          .baseUnit("seconds")
          .tag("server", server)
          .register(registry);
    }
  }

  /** {@code server} serves the leaf certificate of this PEM chain from now on. */
  public void served(String server, X509Certificate leaf) {
    served(server, leaf.getNotAfter().toInstant());
  }

  /** {@code server} serves the first certificate of the PEM file; blocking, for start-up. */
  public void servedFromFile(String server, Path pemChain) throws IOException {
    String text = Files.readString(pemChain, StandardCharsets.US_ASCII);
    served(server, Pem.readCertificates(text, pemChain.toString()).getFirst());
  }

  /** When the certificate of {@code server} expires; empty until one was loaded. */
  public Optional<Instant> notAfter(String server) {
    return Optional.ofNullable(notAfter.get(server));
  }
}
