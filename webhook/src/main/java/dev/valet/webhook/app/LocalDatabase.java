package dev.valet.webhook.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Local mode's database when none is given: an embedded Postgres kept under the data dir. */
public final class LocalDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private LocalDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static LocalDatabase start(Path dataDir) throws IOException {
    Path data = Files.createDirectories(dataDir.resolve("postgres"));
    LeftoverPostgres.stopIfAny(data);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            // The library tunes Postgres for throwaway test data (no fsync, commits acknowledged
            // before they are written). Local mode keeps its leases across a crash of the machine:
            // a lease answered to a pod and then lost would hand its key to a second pod.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setOverrideWorkingDirectory(
                Files.createDirectories(dataDir.resolve("postgres-bin")).toFile())
            .start();
    return new LocalDatabase(postgres);
  }

  public String url() {
    return String.format(
        Locale.ROOT, "postgresql://postgres@127.0.0.1:%d/postgres", postgres.getPort());
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
