package dev.valet.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an admission denial says when every database connection is taken: the failures come from a
 * real connection pool on a real Postgres, and the words name the settings to raise rather than the
 * driver's class or a false "unreachable".
 */
class DatabaseBusyFailuresTest {
  private static TestDatabase database;
  private static Vertx vertx;

  @BeforeAll
  static void open() {
    database = TestDatabase.create();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
    database.close();
  }

  @Test
  void aFullWaitQueueSaysEveryConnectionIsInUseAndNamesTheSettingsToRaise() throws Exception {
    Pool db = Database.open(vertx, settings(0, Duration.ofSeconds(3)));
    SqlConnection held = db.getConnection().await(10, TimeUnit.SECONDS);
    try {
      String described = Failures.describe(failureOf(db.query("SELECT 1").execute()));

      assertThat(described)
          .contains("every database connection is in use")
          .contains("database.poolSize", "database.maxWaitQueue")
          .doesNotContain("unreachable");
    } finally {
      held.close().await(5, TimeUnit.SECONDS);
      db.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionThatDoesNotFreeUpInTimeNamesTheSettingsToRaise() throws Exception {
    Pool db = Database.open(vertx, settings(4, Duration.ofMillis(300)));
    SqlConnection held = db.getConnection().await(10, TimeUnit.SECONDS);
    try {
      // A statement on the pool and a transaction (as the allocator opens) wait in different
      // places.
      String statement = Failures.describe(failureOf(db.query("SELECT 1").execute()));
      String transaction =
          Failures.describe(
              failureOf(db.withTransaction(connection -> connection.query("SELECT 1").execute())));

      assertThat(List.of(statement, transaction))
          .allSatisfy(
              described ->
                  assertThat(described)
                      .contains("no database connection was ready within database.connectTimeout")
                      .contains("database.poolSize")
                      .doesNotContain("NoStackTrace", "unreachable"));
    } finally {
      held.close().await(5, TimeUnit.SECONDS);
      db.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static DatabaseSettings settings(int maxWaitQueue, Duration connectTimeout) {
    DatabaseSettings base = database.settings();
    return new DatabaseSettings(
        base.url(), base.password(), 1, maxWaitQueue, base.statementTimeout(), connectTimeout);
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    return future
        .<Throwable>transform(
            done ->
                done.failed()
                    ? Future.succeededFuture(done.cause())
                    : Future.failedFuture(new AssertionError("the statement was not refused")))
        .await(10, TimeUnit.SECONDS);
  }
}
