package dev.valet.webhook.testing;

import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads Valet's leases table, so a test can tell what an admission left in the database. */
public final class LeaseTable implements AutoCloseable {
  private static final String COUNT_IN_NAMESPACE =
      "SELECT count(*) AS leases FROM leases WHERE namespace = $1";

  private final Vertx vertx;
  private final Pool pool;

  private LeaseTable(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public static LeaseTable open(TestDatabase database) {
    Vertx vertx = Vertx.vertx();
    return new LeaseTable(vertx, database.pool(vertx));
  }

  /** How many leases, in any state, were ever made for pods of {@code namespace}. */
  public long countIn(String namespace) {
    try {
      return pool.preparedQuery(COUNT_IN_NAMESPACE)
          .execute(Tuple.of(namespace))
          .await(10, TimeUnit.SECONDS)
          .iterator()
          .next()
          .getLong("leases");
    } catch (TimeoutException e) {
      throw new IllegalStateException("the test database did not answer", e);
    }
  }

  @Override
  public void close() throws TimeoutException {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
