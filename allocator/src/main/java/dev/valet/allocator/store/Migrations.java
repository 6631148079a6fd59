package dev.valet.allocator.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with the numbered scripts beside this class. Each script runs once,
 * in its own transaction, under an advisory lock so that replicas starting together take turns. A
 * script changed after it ran, or a database newer than this build, stops start-up.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** The scripts in order; version n is the n-th entry. */
  static final List<String> SCRIPTS =
      List.of("V1__pools_keys_leases_events", "V2__lease_answers", "V3__deposits");

  private static final long LOCK_KEY = 0x76616c65745f6d31L;

  private static final String CREATE_HISTORY =
      """
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )
      """;
  private static final String SELECT_APPLIED = "SELECT version, checksum FROM schema_migrations";
  private static final String INSERT_APPLIED =
      "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)";

  private Migrations() {}

  /** The schema version this build expects. */
  public static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Applies the missing scripts; completes with the number applied. */
  public static Future<Integer> apply(Pool pool) {
    return pool.withConnection(
        connection ->
            connection
                .preparedQuery("SELECT pg_advisory_lock($1)")
                .execute(Tuple.of(LOCK_KEY))
                .compose(locked -> connection.query(CREATE_HISTORY).execute())
                .compose(created -> applyMissing(connection))
                .eventually(
                    () ->
                        connection
                            .preparedQuery("SELECT pg_advisory_unlock($1)")
                            .execute(Tuple.of(LOCK_KEY))));
  }

  private static Future<Integer> applyMissing(SqlConnection connection) {
    return connection
        .query(SELECT_APPLIED)
        .execute()
        .compose(
            rows -> {
              Map<Integer, String> applied = new HashMap<>();
              for (Row row : rows) {
                applied.put(row.getInteger("version"), row.getString("checksum"));
              }
              checkHistory(applied);
              Future<Integer> chain = Future.succeededFuture(0);
              for (int version = 1; version <= SCRIPTS.size(); version++) {
                if (!applied.containsKey(version)) {
                  int next = version;
                  chain = chain.compose(count -> applyOne(connection, next).map(count + 1));
                }
              }
              return chain;
            });
  }

  private static void checkHistory(Map<Integer, String> applied) {
    for (Map.Entry<Integer, String> entry : applied.entrySet()) {
      int version = entry.getKey();
      if (version > SCRIPTS.size()) {
        throw new IllegalStateException(
            "the database schema is at version "
                + applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(version)
                + ", newer than this Valet knows ("
                + SCRIPTS.size()
                + "): run the Valet release that migrated it, or a newer one");
      }
      if (!entry.getValue().equals(checksum(script(version)))) {
        throw new IllegalStateException(
            "schema migration "
                + SCRIPTS.get(version - 1)
                + " was changed after it ran on this database; restore the original script");
      }
    }
  }

  private static Future<Void> applyOne(SqlConnection connection, int version) {
    String name = SCRIPTS.get(version - 1);
    String sql = script(version);
    return connection
        .begin()
        .compose(
            tx ->
                connection
                    .query(sql)
                    .execute()
                    .compose(
                        done ->
                            connection
                                .preparedQuery(INSERT_APPLIED)
                                .execute(Tuple.of(version, name, checksum(sql))))
                    .compose(recorded -> tx.commit())
                    .onFailure(e -> tx.rollback()))
        .onSuccess(done -> LOG.info("Applied schema migration {}", name));
  }

  static String script(int version) {
    String resource = "migrations/" + SCRIPTS.get(version - 1) + ".sql";
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema migration " + resource + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String checksum(String sql) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
