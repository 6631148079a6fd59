package dev.valet.webhook.tls;

import dev.valet.certs.InvalidTlsMaterialException;
import dev.valet.certs.Pem;
import dev.valet.certs.ServingCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving certificate and key from two PEM files, such as a mounted Secret, followed as they
 * change on disk. Every few seconds both files are read; when their content changed and they form a
 * whole pair (certificates that parse, one key, the key belonging to the first certificate), the
 * pair is served. A half-written or mismatched pair is ignored with a warning, and the certificate
 * served before stays, until the files are whole again.
 */
public final class FileCertificateSource implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(FileCertificateSource.class);

  private final Vertx vertx;
  private final Path certFile;
  private final Path keyFile;
  private final Duration interval;
  private final AtomicBoolean checking = new AtomicBoolean();
  private byte[] seenCert = new byte[0];
  private byte[] seenKey = new byte[0];
  private long timer = -1;

  public FileCertificateSource(Vertx vertx, Path certFile, Path keyFile, Duration interval) {
    this.vertx = vertx;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.interval = interval;
  }

  /**
   * Reads the pair now, blocking; empty (with a warning) when it is not whole. What was read counts
   * as seen: {@link #start} serves it again only once it changes.
   */
  public synchronized Optional<ServingCertificate> readNow() {
    byte[] cert;
    byte[] key;
    try {
      cert = Files.readAllBytes(certFile);
      key = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      seenCert = new byte[0];
      seenKey = new byte[0];
      LOG.warn(
          "Cannot read the TLS files {} and {} ({}); serving the previous certificate until"
              + " they can be read",
          certFile,
          keyFile,
          e.toString());
      return Optional.empty();
    }
    if (Arrays.equals(cert, seenCert) && Arrays.equals(key, seenKey)) {
      return Optional.empty();
    }
    seenCert = cert;
    seenKey = key;
    try {
      return Optional.of(
          new ServingCertificate(
              Pem.readCertificates(text(cert), certFile.toString()),
              Pem.readPrivateKey(text(key), keyFile.toString())));
    } catch (InvalidTlsMaterialException e) {
      LOG.warn(
          "Ignoring the TLS files {} and {} until they form a whole pair: {}; the certificate"
              + " served before stays",
          certFile,
          keyFile,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Checks the files every interval from now on and hands a changed, whole pair to {@code to}. */
  public void start(CertificateConsumer to) {
    timer =
        vertx.setPeriodic(
            interval.toMillis(),
            id -> {
              if (checking.compareAndSet(false, true)) {
                vertx
                    .executeBlocking(this::readNow, false)
                    .compose(found -> found.map(to::serve).orElseGet(Future::succeededFuture))
                    .onFailure(e -> LOG.warn("Serving the new TLS files failed: {}", e.toString()))
                    .onComplete(done -> checking.set(false));
              }
            });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
