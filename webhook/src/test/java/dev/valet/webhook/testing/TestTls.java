package dev.valet.webhook.testing;

import dev.valet.certs.CertificateAuthority;
import dev.valet.certs.Pem;
import dev.valet.certs.ServingCertificate;
import dev.valet.certs.SubjectAlternativeNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A CA and a serving certificate for 127.0.0.1, as files a webhook serves with.
 *
 * @param certFile the serving certificate, PEM
 * @param keyFile its private key, PEM
 * @param caPem the CA certificate, PEM: the caBundle of a webhook configuration
 */
public record TestTls(Path certFile, Path keyFile, String caPem) {

  /** Makes a new CA and serving certificate and writes them under {@code directory}. */
  public static TestTls forLoopback(Path directory) throws IOException {
    Clock clock = Clock.systemUTC();
    CertificateAuthority ca = CertificateAuthority.generate("valet-test-ca", clock);
    ServingCertificate serving =
        ca.issueServing(SubjectAlternativeNames.of(List.of("127.0.0.1")), clock);

    Files.createDirectories(directory);
    Path cert = directory.resolve("tls.crt");
    Path key = directory.resolve("tls.key");
    Files.writeString(cert, Pem.writeCertificates(serving.chain()), StandardCharsets.US_ASCII);
    Files.writeString(key, Pem.writePrivateKey(serving.privateKey()), StandardCharsets.US_ASCII);
    return new TestTls(cert, key, Pem.writeCertificates(List.of(ca.certificate())));
  }
}
