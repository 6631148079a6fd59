package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.refused;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 3: a released key waits out its quarantine; then it goes out before any new key. */
class QuarantineTest {
  private AllocatorFixture fixture;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aReleasedKeyIsNotHandedOutBeforeItsQuarantineEndsSoANewKeyIsCreated() {
    PoolSettings settings = PoolSettings.defaults("blue");
    Pools pools = pools(settings);
    Lease first = granted(pools.allocator.allocate(request("blue", "uid-1", 1))).lease();
    release(pools, first);

    Allocation.Granted second = granted(pools.allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(second.reused()).isZero();
    assertThat(second.created()).isEqualTo(1);
    long released = first.keys().getFirst().id();
    assertThat(second.lease().keys().getFirst().id()).isNotEqualTo(released);
    assertThat(fixture.rows("SELECT state, free_after > now() FROM keys WHERE id = $1", released))
        .containsExactly(List.of("free", true));
  }

  @Test
  void aQuarantinedKeyIsNotHandedOutEvenWhenThePoolMayCreateNoMore() {
    Pools pools = pools(PoolSettings.defaults("blue").withMaxKeys(1));
    Lease first = granted(pools.allocator.allocate(request("blue", "uid-1", 1))).lease();
    release(pools, first);
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Refused refusal = refused(pools.allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(refusal.reason())
        .contains("can give 0 now")
        .contains("1 released key leaves quarantine from");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void onceTheQuarantineHasPassedTheReleasedKeyIsReusedBeforeANewKeyIsCreated() {
    Pools pools = pools(PoolSettings.defaults("blue").withQuarantine(Duration.ofSeconds(1)));
    Lease first = granted(pools.allocator.allocate(request("blue", "uid-1", 1))).lease();
    release(pools, first);
    waitUntilTheDatabaseClockPassesEveryFreeAfter();

    Allocation.Granted second = granted(pools.allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(second.reused()).isEqualTo(1);
    assertThat(second.created()).isZero();
    assertThat(second.lease().keys().getFirst().id()).isEqualTo(first.keys().getFirst().id());
    assertThat(second.lease().keys().getFirst().pubkey())
        .isEqualTo(first.keys().getFirst().pubkey());
    assertThat(fixture.rows("SELECT times_leased, state FROM keys"))
        .containsExactly(List.of(2, "leased"));
  }

  @Test
  void keysUsedBeforeGoOutFirstInTheOrderTheyWereReleased() {
    Pools pools = pools(PoolSettings.defaults("blue").withQuarantine(Duration.ZERO));
    List<Long> olderUnused = TestPools.insertOldFreeKeys(fixture.db(), pools.blue, 2);
    Lease a = granted(pools.allocator.allocate(request("blue", "uid-a", 1))).lease();
    Lease b = granted(pools.allocator.allocate(request("blue", "uid-b", 1))).lease();
    Lease c = granted(pools.allocator.allocate(request("blue", "uid-c", 1))).lease();
    List<Long> newerUnused = TestPools.insertOldFreeKeys(fixture.db(), pools.blue, 2);
    release(pools, b);
    release(pools, c);
    release(pools, a);

    Lease next = granted(pools.allocator.allocate(request("blue", "uid-next", 5))).lease();

    assertThat(a.keys().getFirst().id()).isEqualTo(olderUnused.get(0));
    assertThat(b.keys().getFirst().id()).isEqualTo(olderUnused.get(1));
    assertThat(next.keys().stream().map(LeasedKey::id))
        .containsExactly(
            b.keys().getFirst().id(),
            c.keys().getFirst().id(),
            a.keys().getFirst().id(),
            newerUnused.get(0),
            newerUnused.get(1));
  }

  private void release(Pools pools, Lease lease) {
    assertThat(await(pools.releaser.release(lease.id(), "pod deleted", "reconciler", false)))
        .isEqualTo(LeaseReleaser.Outcome.RELEASED);
  }

  private void waitUntilTheDatabaseClockPassesEveryFreeAfter() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fixture.count("SELECT count(*) FROM keys WHERE free_after > clock_timestamp()") > 0) {
      assertThat(System.nanoTime()).as("quarantine over within 10 s").isLessThan(deadline);
      sleep(Duration.ofMillis(100));
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

  private Pools pools(PoolSettings settings) {
    KeyPool blue = TestPools.create(fixture.db(), settings);
    return new Pools(
        blue,
        new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers()),
        new PgLeaseReleaser(fixture.db(), Map.of("blue", blue)));
  }

  private record Pools(KeyPool blue, PgAllocator allocator, PgLeaseReleaser releaser) {}
}
