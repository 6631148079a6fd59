package dev.valet.allocator.testing;

import dev.valet.allocator.lease.Allocation;
import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A migrated database on real Postgres (see {@link TestDatabase}) with the Vert.x instance,
 * connection pool and worker executor that allocator tests need. Closing it closes every pool it
 * opened and drops the database.
 */
public final class AllocatorFixture implements AutoCloseable {
  public static final String NAMESPACE = "validators";

  private static final long WAIT_SECONDS = 60;
  private static final int WORKERS = 2;

  private final Vertx vertx;
  private final TestDatabase database;
  private final Pool db;
  private final WorkerExecutor workers;
  private final List<Pool> opened = new ArrayList<>();

  private AllocatorFixture(Vertx vertx, TestDatabase database) {
    this.vertx = vertx;
    this.database = database;
    this.db = openPool(database.settings().withPoolSize(4));
    this.workers = vertx.createSharedWorkerExecutor("valet-test-kdf", WORKERS);
  }

  /** A new database with the schema applied. */
  public static AllocatorFixture open() {
    AllocatorFixture fixture = new AllocatorFixture(Vertx.vertx(), TestDatabase.create());
    await(Migrations.apply(fixture.db));
    return fixture;
  }

  public Vertx vertx() {
    return vertx;
  }

  public TestDatabase database() {
    return database;
  }

  /** The fixture's connection pool: four connections, Valet's default timeouts. */
  public Pool db() {
    return db;
  }

  /** A bounded executor for key and KDF work, as Valet gives its allocator. */
  public WorkerExecutor workers() {
    return workers;
  }

  /** Another connection pool on this database, as a second Valet replica would hold. */
  public Pool openPool(DatabaseSettings settings) {
    Pool pool = Database.open(vertx, settings);
    opened.add(pool);
    return pool;
  }

  /** A request for {@code keys} keys from a pod named after the request uid. */
  public static AllocationRequest request(String pool, String requestUid, int keys) {
    return new AllocationRequest(
        pool, new PodReference(NAMESPACE, "pod-" + requestUid, ""), requestUid, keys, "neutral");
  }

  /** The lease an allocation granted; fails the test on a refusal. */
  public static Allocation.Granted granted(Future<Allocation> allocation) {
    return switch (await(allocation)) {
      case Allocation.Granted granted -> granted;
      case Allocation.Refused refused -> throw new AssertionError("refused: " + refused.reason());
    };
  }

  /** The refusal of an allocation; fails the test when keys were granted. */
  public static Allocation.Refused refused(Future<Allocation> allocation) {
    return switch (await(allocation)) {
      case Allocation.Refused refused -> refused;
      case Allocation.Granted granted ->
          throw new AssertionError(
              "granted lease " + granted.lease().id() + ", expected a refusal");
    };
  }

  /** The result of {@code future}, waiting at most a minute; a failure is rethrown. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + WAIT_SECONDS + " s", e);
    }
  }

  /** Runs one statement outside any allocator, with {@code $1, $2, ...} parameters. */
  public RowSet<Row> sql(String sql, Object... parameters) {
    return await(db.preparedQuery(sql).execute(Tuple.from(parameters)));
  }

  /** The first column of the first row, as a long: for {@code SELECT count(*) ...}. */
  public long count(String sql, Object... parameters) {
    return sql(sql, parameters).iterator().next().getLong(0);
  }

  /** Every row as a list of its values: a snapshot to compare before and after. */
  public List<List<Object>> rows(String sql, Object... parameters) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : sql(sql, parameters)) {
      List<Object> values = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        values.add(row.getValue(i));
      }
      rows.add(values);
    }
    return rows;
  }

  /** The key, lease, lease key and event rows, for asserting that nothing changed. */
  public List<List<List<Object>>> snapshot() {
    return List.of(
        rows(
            "SELECT id, pool, state, lease_id, free_after, times_leased, last_released_at"
                + " FROM keys ORDER BY id"),
        rows("SELECT id, request_uid, state, released_at FROM leases ORDER BY id"),
        rows(
            "SELECT lease_id, key_id, position, released FROM lease_keys ORDER BY lease_id, key_id"),
        rows("SELECT id, kind, lease_id FROM events ORDER BY id"));
  }

  /**
   * Waits until every task queued on the workers so far has finished, such as a pool's KDF that
   * still runs in the background: the workers run tasks in order, so once each of them is in one of
   * these tasks at the same time, every earlier task is done.
   */
  private void drainWorkers() {
    CyclicBarrier everyWorker = new CyclicBarrier(WORKERS);
    List<Future<Object>> waits = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      waits.add(
          workers.executeBlocking(
              () -> {
                everyWorker.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return null;
              },
              false));
    }
    await(Future.join(waits));
  }

  @Override
  public void close() {
    try {
      drainWorkers();
      for (Pool pool : opened) {
        await(pool.close());
      }
      await(workers.close());
      await(vertx.close());
    } finally {
      database.close();
    }
  }
}
