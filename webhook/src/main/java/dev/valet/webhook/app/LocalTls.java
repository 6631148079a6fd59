package dev.valet.webhook.app;

import dev.valet.certs.CertificateAuthority;
import dev.valet.certs.Pem;
import dev.valet.certs.ServingCertificate;
import dev.valet.certs.SubjectAlternativeNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's TLS: a CA and a serving certificate for localhost and 127.0.0.1 under {@code
 * <data-dir>/tls}, made on first start and again when the serving certificate nears its end. {@code
 * ca.crt} is what curl is given with {@code --cacert}.
 */
final class LocalTls {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTls.class);
  private static final Duration RENEW_BEFORE = Duration.ofDays(7);

  private LocalTls() {}

  /** Makes sure the files exist and are current; returns the directory holding them. */
  static Path ensure(Path dataDir, Clock clock) throws IOException {
    Path dir = Files.createDirectories(dataDir.resolve("tls"));
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    if (Files.exists(cert) && Files.exists(key) && current(cert, clock)) {
      return dir;
    }
    CertificateAuthority ca = CertificateAuthority.generate("valet-local-ca", clock);
    ServingCertificate serving =
        ca.issueServing(SubjectAlternativeNames.of(List.of("localhost", "127.0.0.1")), clock);
    write(dir.resolve("ca.crt"), Pem.writeCertificates(List.of(ca.certificate())));
    write(cert, Pem.writeCertificates(serving.chain()));
    write(key, Pem.writePrivateKey(serving.privateKey()));
    LOG.info("Made a local CA and serving certificate in {}", dir);
    return dir;
  }

  private static boolean current(Path cert, Clock clock) throws IOException {
    List<X509Certificate> chain =
        Pem.readCertificates(Files.readString(cert, StandardCharsets.US_ASCII), cert.toString());
    Instant end = chain.getFirst().getNotAfter().toInstant();
    return Instant.now(clock).plus(RENEW_BEFORE).isBefore(end);
  }

  private static void write(Path file, String text) throws IOException {
    Path staging = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(staging);
    Files.createFile(
        staging,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(staging, text, StandardCharsets.US_ASCII);
    Files.move(staging, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
