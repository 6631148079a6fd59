package dev.valet.webhook.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks Valet's {@code GET /readyz} over TLS, trusting only the CA it was given, as a kubelet would.
 */
final class ReadinessProbe {
  private ReadinessProbe() {}

  /** Returns once {@code /readyz} answers 200. */
  static void await(int port, String caPem, Duration timeout) throws GeneralSecurityException {
    URI readyz = URI.create("https://127.0.0.1:" + port + "/readyz");
    try (HttpClient client =
        HttpClient.newBuilder()
            .sslContext(trusting(caPem))
            .connectTimeout(Duration.ofSeconds(2))
            .build()) {
      HttpRequest request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build();
      Eventually.await(
          "Valet to report ready at " + readyz, timeout, () -> answersOk(client, request));
    }
  }

  private static boolean answersOk(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trusting(String caPem) throws GeneralSecurityException {
    Certificate ca =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trusted.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot make an empty key store", e);
    }
    trusted.setCertificateEntry("valet-ca", ca);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
