package dev.valet.webhook.faults.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A Postgres server that one test owns and may stop and start again: an embedded server on a free
 * port of 127.0.0.1 with its data directory under the test's temporary directory. Starting it again
 * reuses the port and the data, so a client sees the same server come back. The machine's shared
 * server is never touched.
 */
final class OwnPostgres implements AutoCloseable {
  private final Path dataDir;
  private final Path workDir;
  private final int port;
  private EmbeddedPostgres server;

  private OwnPostgres(Path dataDir, Path workDir, int port) {
    this.dataDir = dataDir;
    this.workDir = workDir;
    this.port = port;
  }

  /** Initialises a data directory under {@code directory} and starts the server on it. */
  static OwnPostgres start(Path directory) throws IOException {
    OwnPostgres postgres =
        new OwnPostgres(
            Files.createDirectories(directory.resolve("data")),
            Files.createDirectories(directory.resolve("bin")),
            freePort());
    postgres.startAgain();
    return postgres;
  }

  /** The URL of its {@code postgres} database. */
  String url() {
    return String.format(Locale.ROOT, "postgresql://postgres@127.0.0.1:%d/postgres", port);
  }

  /** Stops the server (a fast shutdown: sessions are ended, the data stays). */
  void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts the server again on the same port and data directory. */
  void startAgain() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the server is running already");
    }
    server =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(workDir.toFile())
            .start();
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
