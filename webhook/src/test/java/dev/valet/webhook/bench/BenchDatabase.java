package dev.valet.webhook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's own database on the local Postgres, created and dropped by it, reached with
 * Debian's {@code psql} as the tests' superuser. Between measured runs it resets the fixture: every
 * lease is released at once and its keys are free again (the pool has no quarantine), so each run
 * starts from the same free keys.
 */
public final class BenchDatabase implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  static final String USER = "postgres";

  private static final String RELEASE_ALL =
      """
      BEGIN;
      UPDATE lease_keys SET released = true WHERE NOT released;
      UPDATE leases SET state = 'released', released_at = now(),
                        release_reason = 'benchmark fixture reset', released_by = 'benchmark',
                        forced = true
       WHERE state <> 'released';
      UPDATE keys SET state = 'free', lease_id = NULL, last_released_at = now(), free_after = now()
       WHERE state = 'leased';
      COMMIT;
      VACUUM ANALYZE keys;
      VACUUM ANALYZE leases;
      VACUUM ANALYZE lease_keys;
      """;

  private final String name;

  private BenchDatabase(String name) {
    this.name = name;
  }

  public static BenchDatabase create(String name) throws IOException, InterruptedException {
    psql("postgres", "CREATE DATABASE " + name);
    return new BenchDatabase(name);
  }

  public String name() {
    return name;
  }

  public String url() {
    return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name;
  }

  /** Releases every lease and frees its keys, then refreshes the planner's statistics. */
  public void releaseAll() throws IOException, InterruptedException {
    psql(name, RELEASE_ALL);
  }

  /** The number of keys of {@code pool} that are free now. */
  public long freeKeys(String pool) throws IOException, InterruptedException {
    return Long.parseLong(
        psql(name, "SELECT count(*) FROM keys WHERE pool = '" + pool + "' AND state = 'free'")
            .strip());
  }

  public String version() throws IOException, InterruptedException {
    return psql(name, "SHOW server_version").strip();
  }

  static String psql(String database, String sql) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    "psql",
                    "-X",
                    "-q",
                    "-A",
                    "-t",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-h",
                    HOST,
                    "-p",
                    Integer.toString(PORT),
                    "-U",
                    USER,
                    "-d",
                    database,
                    "-f",
                    "-"))
            .redirectErrorStream(true)
            .start();
    try (var in = process.getOutputStream()) {
      in.write((sql + ";\n").getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("psql did not finish within 120 s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("psql failed on " + database + ": " + output);
    }
    return output;
  }

  @Override
  public void close() throws IOException {
    try {
      psql("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while dropping " + name, e);
    }
  }
}
