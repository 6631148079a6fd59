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

/** A released lease of many keys gives back every key, and none before the quarantine ends. */
class ManyKeyReleaseTest {
  private static final int KEYS = 64;
  private static final Duration QUARANTINE = Duration.ofSeconds(2);

  private AllocatorFixture fixture;
  private PgAllocator allocator;
  private PgLeaseReleaser releaser;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    PoolSettings settings =
        PoolSettings.defaults("blue")
            .withMaxKeys(KEYS)
            .withMaxNewKeysPerHour(KEYS)
            .withQuarantine(QUARANTINE);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    allocator = new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers());
    releaser = new PgLeaseReleaser(fixture.db(), Map.of("blue", blue));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void releasingASixtyFourKeyLeaseReturnsEveryKeyAfterTheQuarantineAndNotBefore() {
    Lease first = granted(allocator.allocate(request("blue", "uid-1", KEYS))).lease();
    List<Long> keys = first.keys().stream().map(LeasedKey::id).sorted().toList();

    assertThat(await(releaser.release(first.id(), "pod deleted", "reconciler", false)))
        .isEqualTo(LeaseReleaser.Outcome.RELEASED);

    assertThat(refused(allocator.allocate(request("blue", "uid-early", 1))).reason())
        .contains("can give 0 now")
        .contains(KEYS + " released keys leave quarantine from");
    assertThat(fixture.count("SELECT count(*) FROM keys WHERE state = 'free'")).isEqualTo(KEYS);
    waitUntilTheDatabaseClockPassesEveryFreeAfter();

    Allocation.Granted second = granted(allocator.allocate(request("blue", "uid-2", KEYS)));

    assertThat(second.reused()).isEqualTo(KEYS);
    assertThat(second.created()).isZero();
    assertThat(second.lease().keys().stream().map(LeasedKey::id).sorted().toList()).isEqualTo(keys);
  }

  private void waitUntilTheDatabaseClockPassesEveryFreeAfter() {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (fixture.count("SELECT count(*) FROM keys WHERE free_after > clock_timestamp()") > 0) {
      assertThat(System.nanoTime()).as("quarantine over within 15 s").isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
