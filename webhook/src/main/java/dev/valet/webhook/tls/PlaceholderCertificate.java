package dev.valet.webhook.tls;

import dev.valet.certs.CertificateAuthority;
import dev.valet.certs.ServingCertificate;
import dev.valet.certs.SubjectAlternativeNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway certificate that a TLS server can listen with while it waits for its real one. Its
 * CA's key is dropped at once, so no client trusts it: the API server treats the webhook as down,
 * yet the process answers {@code /healthz} and says on {@code /readyz} that it is not ready.
 */
public final class PlaceholderCertificate {
  private PlaceholderCertificate() {}

  public static ServingCertificate create() {
    Clock clock = Clock.systemUTC();
    CertificateAuthority throwaway =
        CertificateAuthority.generate("valet-placeholder", Duration.ofDays(3650), clock);
    return throwaway.issueServing(
        SubjectAlternativeNames.of(List.of("valet-placeholder.invalid")),
        Duration.ofDays(3650),
        clock);
  }
}
