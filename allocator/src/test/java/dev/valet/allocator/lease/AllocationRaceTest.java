package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Interleavings of concurrent allocations, pinned down with locks held by the test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllocationRaceTest {
  private AllocatorFixture fixture;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  /**
   * Two pods ask for 30 of 40 keys at once and each locks part of them. The one that reaches the
   * pool first finds too few and gives up; the other must then get the keys it gave back, not be
   * refused as well.
   */
  @Test
  void anAllocationShortOfKeysTakesThoseAConcurrentAllocationGaveBackWhileItWaited() {
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue").withMaxKeys(40));
    TestPools.insertOldFreeKeys(fixture.db(), blue, 40);
    PgAllocator allocator =
        new PgAllocator(otherPool(Duration.ofSeconds(3)), Map.of("blue", blue), fixture.workers());
    SqlConnection other = await(fixture.db().getConnection());
    Transaction concurrent = await(other.begin());
    await(other.query("SELECT id FROM keys ORDER BY id LIMIT 20 FOR UPDATE").execute());
    await(other.query("SELECT name FROM pools WHERE name = 'blue' FOR UPDATE").execute());

    Future<Allocation> allocation = allocator.allocate(request("blue", "uid-1", 30));
    waitForLockWaits(1);
    await(concurrent.rollback());
    await(other.close());

    Allocation.Granted granted = granted(allocation);
    assertThat(granted.reused()).isEqualTo(30);
    assertThat(fixture.count("SELECT count(*) FROM keys WHERE state = 'leased'")).isEqualTo(30);
  }

  /**
   * Right after start-up the pool's KDF may still run. An allocation that must create a key waits
   * for it, and a second one must not time out on the pool's lock meanwhile.
   */
  @Test
  void allocationsWaitingForThePoolsKdfDoNotHoldThePoolLockMeanwhile() {
    KeyPool ready = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    Promise<KeyMinter> kdf = Promise.promise();
    KeyPool starting = new KeyPool(ready.settings(), ready.password(), kdf.future());
    Pool shortLockTimeout = otherPool(Duration.ofSeconds(2));
    PgAllocator allocator =
        new PgAllocator(shortLockTimeout, Map.of("blue", starting), fixture.workers());

    Future<Allocation> first = allocator.allocate(request("blue", "uid-1", 1));
    Future<Allocation> second = allocator.allocate(request("blue", "uid-2", 1));
    sleep(Duration.ofSeconds(5));
    kdf.complete(await(ready.minter()));

    assertThat(granted(first).created()).isEqualTo(1);
    assertThat(granted(second).created()).isEqualTo(1);
  }

  /**
   * A retry of a request reads its lease while the first attempt's roll-back of that lease is
   * committing. The retry must not answer with the deleted lease: it allocates again.
   */
  @Test
  void aRetryThatRacesTheRollBackOfItsLeaseAllocatesAgainInsteadOfAnsweringWithIt() {
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue").withMaxKeys(1));
    PgAllocator allocator =
        new PgAllocator(otherPool(Duration.ofSeconds(3)), Map.of("blue", blue), fixture.workers());
    Lease first = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    SqlConnection other = await(fixture.db().getConnection());
    Transaction holdingTheKey = await(other.begin());
    await(other.query("SELECT id FROM keys FOR UPDATE").execute());

    Future<Boolean> rollBack = allocator.rollBack(first.id(), "first attempt failed");
    waitForLockWaits(1);
    Future<Allocation> retry = allocator.allocate(request("blue", "uid-1", 1));
    waitForLockWaits(2);
    await(holdingTheKey.rollback());
    await(other.close());

    assertThat(await(rollBack)).isTrue();
    Allocation.Granted granted = granted(retry);
    assertThat(granted.existing()).isFalse();
    assertThat(granted.lease().id()).isEqualTo(first.id());
    assertThat(fixture.rows("SELECT id, state FROM leases"))
        .containsExactly(List.of(first.id(), "pending"));
    assertThat(fixture.rows("SELECT state, lease_id FROM keys"))
        .containsExactly(List.of("leased", first.id()));
  }

  private Pool otherPool(Duration lockTimeout) {
    return fixture.openPool(
        new DatabaseSettings(
            fixture.database().url(),
            Optional.empty(),
            4,
            256,
            lockTimeout,
            Duration.ofSeconds(3)));
  }

  private void waitForLockWaits(int waiting) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fixture.count(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
        < waiting) {
      assertThat(System.nanoTime())
          .as("%d transactions wait for locks", waiting)
          .isLessThan(deadline);
      sleep(Duration.ofMillis(20));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
