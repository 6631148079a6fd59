package dev.valet.webhook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database floor: pgbench runs the reuse path's allocation transaction, one key per lease, with
 * the allocator's own statements in the allocator's order, prepared and pipelined where the
 * allocator pipelines them, against the benchmark's database. Valet derives a lease id from the
 * request uid in Java; pgbench has no uuid function, so its script asks Postgres for one, a round
 * trip Valet does not make.
 */
final class PgbenchFloor {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");

  private final Path script;
  private final String database;

  private PgbenchFloor(Path script, String database) {
    this.script = script;
    this.database = database;
  }

  static PgbenchFloor write(Path dir, String database, String pool, String namespace)
      throws IOException {
    Path script = dir.resolve("allocation.pgbench");
    Files.writeString(script, script(pool, namespace), StandardCharsets.UTF_8);
    return new PgbenchFloor(script, database);
  }

  /** The transaction of one reuse-path allocation, as a pgbench script. */
  static String script(String pool, String namespace) {
    String lease = ":lease_id";
    String poolName = "'" + pool + "'";
    String detail =
        "'{\"requestUid\":\"pgbench\",\"reused\":1,\"created\":0,\"pubkeys\":[\"0x00\"]}'";
    return String.join(
        "\n",
        "\\set uid random(1, 999999999999)",
        "BEGIN;",
        "SELECT gen_random_uuid() AS lease_id \\gset",
        "\\startpipeline",
        statement("AllocationTransaction", "LOCK_REQUEST", ":uid"),
        statement("LeaseRows", "SELECT_BY_REQUEST", ":uid"),
        "\\endpipeline",
        bound("AllocationTransaction", "SELECT_FREE", poolName, "1") + " \\gset",
        "\\startpipeline",
        statement(
            "AllocationTransaction",
            "INSERT_LEASE",
            lease,
            ":uid",
            poolName,
            "'" + namespace + "'",
            "'pgbench-pod'",
            "''",
            "1",
            "'valet'"),
        statement("AllocationTransaction", "LEASE_KEYS", lease, "ARRAY[:id]::bigint[]"),
        statement("AllocationTransaction", "INSERT_LEASE_KEYS", lease, "ARRAY[:id]", "ARRAY[0]"),
        statement(
            "Events",
            "INSERT",
            "'lease.allocated'",
            "'webhook'",
            poolName,
            lease,
            "'" + namespace + "'",
            "'pgbench-pod'",
            detail),
        "\\endpipeline",
        "COMMIT;",
        "");
  }

  private static String statement(String className, String field, String... arguments) {
    return bound(className, field, arguments) + ";";
  }

  private static String bound(String className, String field, String... arguments) {
    return AllocationStatements.bind(AllocationStatements.of(className, field), arguments);
  }

  /**
   * Runs {@code perClient} transactions on each of {@code clients}; returns the rate per second.
   */
  double run(int clients, int perClient) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    "pgbench",
                    "-n",
                    "-M",
                    "prepared",
                    "-c",
                    Integer.toString(clients),
                    "-j",
                    Integer.toString(Math.min(clients, 2)),
                    "-t",
                    Integer.toString(perClient),
                    "-f",
                    script.toString(),
                    "-h",
                    BenchDatabase.HOST,
                    "-p",
                    Integer.toString(BenchDatabase.PORT),
                    "-U",
                    BenchDatabase.USER,
                    database))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("pgbench did not finish within 300 s");
    }
    Matcher tps = TPS.matcher(output);
    if (process.exitValue() != 0 || !tps.find()) {
      throw new IllegalStateException("pgbench failed:\n" + output);
    }
    return Double.parseDouble(tps.group(1));
  }
}
