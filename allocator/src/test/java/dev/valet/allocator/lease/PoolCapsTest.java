package dev.valet.allocator.lease;

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

/** Invariant 6: a pool creates no key past maxKeys, nor more than maxNewKeysPerHour an hour. */
class PoolCapsTest {
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
  void aPoolAtMaxKeysRefusesNamingMaxKeysAndThePool() {
    PgAllocator allocator = allocator(PoolSettings.defaults("blue").withMaxKeys(2));
    granted(allocator.allocate(request("blue", "uid-1", 2)));
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Refused refusal = refused(allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(refusal.reason())
        .contains("pool 'blue' is exhausted")
        .contains("The pool holds 2 of maxKeys 2: raise maxKeys for pool 'blue'");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aPoolThatCreatedMaxNewKeysPerHourRefusesNamingThatSetting() {
    PgAllocator allocator = allocator(PoolSettings.defaults("blue").withMaxNewKeysPerHour(2));
    granted(allocator.allocate(request("blue", "uid-1", 2)));
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Refused refusal = refused(allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(refusal.reason())
        .contains("2 keys were created in the last hour")
        .contains("maxNewKeysPerHour 2")
        .contains("raise maxNewKeysPerHour for pool 'blue'");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void theHourlyCapCountsOnlyKeysCreatedInTheLastHour() {
    PoolSettings settings = PoolSettings.defaults("blue").withMaxNewKeysPerHour(2);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertFreeKeys(fixture.db(), blue, 3, "random", Duration.ofMinutes(61));
    PgAllocator allocator = allocator(blue);
    granted(allocator.allocate(request("blue", "uid-1", 3)));

    Allocation.Granted granted = granted(allocator.allocate(request("blue", "uid-2", 2)));

    assertThat(granted.created()).isEqualTo(2);
    assertThat(refused(allocator.allocate(request("blue", "uid-3", 1))).reason())
        .contains("maxNewKeysPerHour 2");
  }

  @Test
  void importedKeysDoNotCountTowardTheHourlyCap() {
    PoolSettings settings = PoolSettings.defaults("blue").withMaxNewKeysPerHour(2);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertFreeKeys(fixture.db(), blue, 3, "imported", Duration.ZERO);
    PgAllocator allocator = allocator(blue);
    granted(allocator.allocate(request("blue", "uid-1", 3)));

    Allocation.Granted granted = granted(allocator.allocate(request("blue", "uid-2", 2)));

    assertThat(granted.created()).isEqualTo(2);
    assertThat(fixture.count("SELECT count(*) FROM keys WHERE origin = 'random'")).isEqualTo(2);
  }

  @Test
  void importedKeysCountTowardMaxKeys() {
    PoolSettings settings = PoolSettings.defaults("blue").withMaxKeys(3);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertFreeKeys(fixture.db(), blue, 3, "imported", Duration.ofHours(2));
    PgAllocator allocator = allocator(blue);
    granted(allocator.allocate(request("blue", "uid-1", 3)));

    Allocation.Refused refusal = refused(allocator.allocate(request("blue", "uid-2", 1)));

    assertThat(refusal.reason()).contains("The pool holds 3 of maxKeys 3");
    assertThat(fixture.count("SELECT count(*) FROM keys")).isEqualTo(3);
  }

  @Test
  void aPoolWithFreeKeysHandsThemOutEvenWhenItMayCreateNoMore() {
    PoolSettings settings = PoolSettings.defaults("blue").withMaxKeys(0).withMaxNewKeysPerHour(0);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertFreeKeys(fixture.db(), blue, 2, "imported", Duration.ZERO);

    Allocation.Granted granted = granted(allocator(blue).allocate(request("blue", "uid-1", 2)));

    assertThat(granted.reused()).isEqualTo(2);
    assertThat(granted.created()).isZero();
  }

  private PgAllocator allocator(PoolSettings settings) {
    return allocator(TestPools.create(fixture.db(), settings));
  }

  private PgAllocator allocator(KeyPool pool) {
    return new PgAllocator(fixture.db(), Map.of(pool.name(), pool), fixture.workers());
  }
}
