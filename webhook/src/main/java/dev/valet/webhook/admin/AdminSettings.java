package dev.valet.webhook.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin endpoint: its own HTTP server, apart from the webhook's.
 *
 * @param host the address to listen on; empty: 127.0.0.1 in local mode, else 0.0.0.0
 * @param port the port; 0 picks a free one
 * @param tlsCertFile a serving certificate chain (PEM) to serve HTTPS with; plain HTTP without
 * @param tlsKeyFile its private key (PEM)
 * @param tokenFile local mode: the file with the static bearer token; made on first start if absent
 * @param authCacheTtl how long a token's answer from the Kubernetes API is reused
 * @param gaugeRefresh how often the pool gauges of {@code /metrics} are read from the database
 */
public record AdminSettings(
    Optional<String> host,
    int port,
    Optional<Path> tlsCertFile,
    Optional<Path> tlsKeyFile,
    Optional<Path> tokenFile,
    Duration authCacheTtl,
    Duration gaugeRefresh) {

  public static final int DEFAULT_PORT = 8081;
  public static final Duration DEFAULT_AUTH_CACHE_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_GAUGE_REFRESH = Duration.ofSeconds(15);

  /** The name of the token file local mode makes in its data directory. */
  public static final String LOCAL_TOKEN_FILE = "admin.token";

  public AdminSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tlsCertFile, "tlsCertFile");
    Objects.requireNonNull(tlsKeyFile, "tlsKeyFile");
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "admin.port must be from 1 to 65535 (0: any free port), is " + port);
    }
    if (tlsCertFile.isPresent() != tlsKeyFile.isPresent()) {
      throw new IllegalArgumentException(
          "admin.tlsCertFile and admin.tlsKeyFile go together: give both, or neither for plain"
              + " HTTP");
    }
    if (authCacheTtl.isNegative() || authCacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("admin.authCacheTtl must be from 0s to 5m");
    }
    if (gaugeRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("admin.gaugeRefresh must be 1s or more");
    }
  }

  /** Port 8081, plain HTTP, the default host, token file and timings. */
  public static AdminSettings defaults() {
    return new AdminSettings(
        Optional.empty(),
        DEFAULT_PORT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_AUTH_CACHE_TTL,
        DEFAULT_GAUGE_REFRESH);
  }

  public AdminSettings withHost(String host) {
    return new AdminSettings(
        Optional.of(host), port, tlsCertFile, tlsKeyFile, tokenFile, authCacheTtl, gaugeRefresh);
  }

  public AdminSettings withPort(int port) {
    return new AdminSettings(
        host, port, tlsCertFile, tlsKeyFile, tokenFile, authCacheTtl, gaugeRefresh);
  }

  public AdminSettings withTokenFile(Path tokenFile) {
    return new AdminSettings(
        host, port, tlsCertFile, tlsKeyFile, Optional.of(tokenFile), authCacheTtl, gaugeRefresh);
  }

  public AdminSettings withTls(Path certFile, Path keyFile) {
    return new AdminSettings(
        host,
        port,
        Optional.of(certFile),
        Optional.of(keyFile),
        tokenFile,
        authCacheTtl,
        gaugeRefresh);
  }

  /** The address to listen on: the configured one, else loopback in local mode, else all. */
  public String listenHost(boolean local) {
    return host.orElse(local ? "127.0.0.1" : "0.0.0.0");
  }
}
