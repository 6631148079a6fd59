package dev.valet.allocator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private Vertx vertx;
  private TestDatabase database;
  private Pool pool;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    database = TestDatabase.create();
    pool = database.pool(vertx);
  }

  @AfterEach
  void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    database.close();
  }

  @Test
  void appliesEveryScriptOnceEvenWhenTwoReplicasStartTogether() throws Exception {
    List<Integer> applied =
        Future.all(Migrations.apply(pool), Migrations.apply(database.pool(vertx)))
            .map(all -> List.of(all.<Integer>resultAt(0), all.<Integer>resultAt(1)))
            .await(60, TimeUnit.SECONDS);

    assertThat(applied).containsExactlyInAnyOrder(Migrations.latestVersion(), 0);
    assertThat(Migrations.apply(pool).await(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void refusesADatabaseMigratedByANewerValet() throws Exception {
    Migrations.apply(pool).await(60, TimeUnit.SECONDS);
    pool.query(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'V99__future', 'x')")
        .execute()
        .await(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> Migrations.apply(pool).await(60, TimeUnit.SECONDS))
        .hasMessageContaining("newer than this Valet knows");
  }

  @Test
  void refusesAScriptChangedAfterItRan() throws Exception {
    Migrations.apply(pool).await(60, TimeUnit.SECONDS);
    pool.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        .execute()
        .await(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> Migrations.apply(pool).await(60, TimeUnit.SECONDS))
        .hasMessageContaining("was changed after it ran");
  }

  @Test
  void eventsCannotBeChangedOrDeleted() throws Exception {
    Migrations.apply(pool).await(60, TimeUnit.SECONDS);
    pool.query("INSERT INTO events (kind, actor) VALUES ('test', 'test')")
        .execute()
        .await(10, TimeUnit.SECONDS);

    assertThatThrownBy(
            () -> pool.query("UPDATE events SET kind = 'x'").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("DELETE FROM events").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.query("TRUNCATE events").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("append-only");
  }
}
