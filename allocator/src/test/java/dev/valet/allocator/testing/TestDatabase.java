package dev.valet.allocator.testing;

import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh, empty database on a real Postgres server for one test class. The server is the one named
 * by {@code VALET_TEST_DATABASE_URL} (a URL of a database the tests may create databases from, such
 * as {@code postgresql://postgres@127.0.0.1:5432/postgres}), or else an embedded Postgres started
 * once per JVM. Closing it drops the database.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String URL_VARIABLE = "VALET_TEST_DATABASE_URL";

  private static EmbeddedPostgres embedded;

  private final String adminUrl;
  private final String name;

  private TestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  /** Creates a new database with a random name. */
  public static TestDatabase create() {
    String adminUrl = adminUrl();
    String name = "valet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    run(adminUrl, "CREATE DATABASE " + name);
    return new TestDatabase(adminUrl, name);
  }

  /** The URL of this test's database. */
  public String url() {
    PgConnectOptions admin = PgConnectOptions.fromUri(adminUrl);
    return "postgresql://"
        + admin.getUser()
        + "@"
        + admin.getHost()
        + ":"
        + admin.getPort()
        + "/"
        + name;
  }

  public DatabaseSettings settings() {
    return DatabaseSettings.of(url());
  }

  /** A small pool on this database, opened as Valet opens its own. */
  public Pool pool(Vertx vertx) {
    return Database.open(vertx, settings().withPoolSize(4));
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    run(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static synchronized String adminUrl() {
    String configured = System.getenv(URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "no " + URL_VARIABLE + " is set and embedded Postgres did not start", e);
      }
    }
    return String.format(
        Locale.ROOT, "postgresql://postgres@127.0.0.1:%d/postgres", embedded.getPort());
  }

  private static void run(String url, String sql) {
    Vertx vertx = Vertx.vertx();
    try {
      SqlClient client =
          PgBuilder.client().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      try {
        client.query(sql).execute().await(60, TimeUnit.SECONDS);
      } finally {
        client.close().await(10, TimeUnit.SECONDS);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Postgres did not answer: " + sql, e);
    } finally {
      vertx.close();
    }
  }
}
