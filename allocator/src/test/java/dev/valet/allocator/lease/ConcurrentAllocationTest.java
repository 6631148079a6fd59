package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two allocators, as two Valet replicas, each with its own connection pool on one database: many
 * allocations in flight at once never share a key and never exceed the pool.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentAllocationTest {
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
  void aHundredAllocationsFromTwoReplicasAllSucceedWithoutSharingAKey() {
    PoolSettings settings =
        PoolSettings.defaults("blue").withMaxKeys(100).withMaxNewKeysPerHour(1000);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertOldFreeKeys(fixture.db(), blue, 40);
    List<PgAllocator> replicas = replicas(blue);

    List<Allocation> answers =
        allAtOnce(100, i -> replicas.get(i % 2).allocate(request("blue", "uid-" + i, 1)));

    List<Allocation.Granted> granted = granted(answers);
    assertThat(granted).hasSize(100);
    assertThat(granted.stream().map(g -> g.lease().id()).distinct()).hasSize(100);
    assertThat(granted.stream().map(g -> g.lease().keys().getFirst().id()).distinct()).hasSize(100);
    assertThat(granted.stream().mapToInt(Allocation.Granted::reused).sum()).isEqualTo(40);
    assertThat(granted.stream().mapToInt(Allocation.Granted::created).sum()).isEqualTo(60);
    assertThat(fixture.count("SELECT count(*) FROM keys")).isEqualTo(100);
    assertThat(fixture.count("SELECT count(*) FROM keys WHERE state = 'leased'")).isEqualTo(100);
    assertThat(fixture.count("SELECT count(DISTINCT key_id) FROM lease_keys WHERE NOT released"))
        .isEqualTo(100);
    assertThat(fixture.count("SELECT count(*) FROM lease_keys")).isEqualTo(100);
    assertThat(fixture.count("SELECT count(*) FROM events WHERE kind = 'lease.allocated'"))
        .isEqualTo(100);
  }

  @Test
  void twoPodsAskingForMoreKeysThanExistOneGetsThemAndTheOtherIsRefused() {
    PoolSettings settings = PoolSettings.defaults("blue").withMaxKeys(40);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertOldFreeKeys(fixture.db(), blue, 40);
    List<PgAllocator> replicas = replicas(blue);

    for (int round = 0; round < 20; round++) {
      String prefix = "round-" + round + "-";
      List<Allocation> answers =
          allAtOnce(2, i -> replicas.get(i).allocate(request("blue", prefix + i, 30)));

      List<Allocation.Granted> granted = granted(answers);
      assertThat(granted).as("round %d: %s", round, summary(answers)).hasSize(1);
      Lease lease = granted.getFirst().lease();
      assertThat(lease.keys().stream().map(LeasedKey::id).distinct()).hasSize(30);
      Allocation.Refused refusal =
          (Allocation.Refused)
              answers.stream()
                  .filter(Allocation.Refused.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(refusal.reason()).contains("the pod asks for 30 keys");
      assertThat(fixture.count("SELECT count(*) FROM leases WHERE state <> 'released'"))
          .isEqualTo(1);
      assertThat(fixture.count("SELECT count(*) FROM keys WHERE state = 'leased'")).isEqualTo(30);
      assertThat(await(replicas.getFirst().rollBack(lease.id(), "next round"))).isTrue();
    }
    assertThat(fixture.count("SELECT count(*) FROM keys")).isEqualTo(40);
  }

  @Test
  void theSameRequestUidTenTimesAtOnceYieldsOneLease() {
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    List<PgAllocator> replicas = replicas(blue);

    List<Allocation> answers =
        allAtOnce(10, i -> replicas.get(i % 2).allocate(request("blue", "uid-1", 2)));

    assertOneLeaseForAll(answers, 2);
    assertThat(fixture.count("SELECT count(*) FROM keys")).isEqualTo(2);
  }

  @Test
  void theSameRequestUidTenTimesAtOnceYieldsOneLeaseWhenThePoolHasJustEnough() {
    PoolSettings settings =
        PoolSettings.defaults("blue").withMaxKeys(2).withQuarantine(Duration.ZERO);
    KeyPool blue = TestPools.create(fixture.db(), settings);
    TestPools.insertOldFreeKeys(fixture.db(), blue, 2);
    List<PgAllocator> replicas = replicas(blue);
    PgLeaseReleaser releaser = new PgLeaseReleaser(fixture.db(), Map.of("blue", blue));

    for (int round = 0; round < 5; round++) {
      String uid = "uid-" + round;
      List<Allocation> answers =
          allAtOnce(10, i -> replicas.get(i % 2).allocate(request("blue", uid, 2)));

      Lease lease = assertOneLeaseForAll(answers, 2);
      assertThat(await(releaser.release(lease.id(), "next round", "test", false)))
          .isEqualTo(LeaseReleaser.Outcome.RELEASED);
    }
  }

  private Lease assertOneLeaseForAll(List<Allocation> answers, int keys) {
    List<Allocation.Granted> granted = granted(answers);
    assertThat(granted).as("answers: %s", summary(answers)).hasSize(answers.size());
    assertThat(granted.stream().filter(g -> !g.existing())).hasSize(1);
    Lease lease = granted.getFirst().lease();
    assertThat(granted).allSatisfy(g -> assertThat(g.lease()).isEqualTo(lease));
    assertThat(lease.keys()).hasSize(keys);
    assertThat(
            fixture.rows(
                "SELECT id, answers FROM leases WHERE request_uid = $1", lease.requestUid()))
        .containsExactly(List.of(lease.id(), answers.size()));
    assertThat(fixture.count("SELECT count(*) FROM lease_keys WHERE lease_id = $1", lease.id()))
        .isEqualTo(keys);
    assertThat(
            fixture.count(
                "SELECT count(*) FROM events WHERE kind = 'lease.allocated' AND lease_id = $1",
                lease.id()))
        .isEqualTo(1);
    return lease;
  }

  /**
   * Two allocators with four connections each. Allocations queue for a connection for up to 30 s
   * instead of Valet's 3 s: these tests check what is granted under contention, not how fast, and a
   * slow test server (embedded Postgres commits new keys at about 30 a second here) must not turn
   * into a failed wait for a connection.
   */
  private List<PgAllocator> replicas(KeyPool pool) {
    DatabaseSettings patient =
        new DatabaseSettings(
            fixture.database().url(),
            Optional.empty(),
            4,
            256,
            Duration.ofSeconds(3),
            Duration.ofSeconds(30));
    return List.of(
        new PgAllocator(fixture.openPool(patient), Map.of(pool.name(), pool), fixture.workers()),
        new PgAllocator(fixture.openPool(patient), Map.of(pool.name(), pool), fixture.workers()));
  }

  private static List<Allocation> allAtOnce(int count, IntFunction<Future<Allocation>> allocation) {
    List<Future<Allocation>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      futures.add(allocation.apply(i));
    }
    await(Future.join(futures));
    return futures.stream().map(Future::result).toList();
  }

  private static List<String> summary(List<Allocation> answers) {
    return answers.stream()
        .map(
            answer ->
                switch (answer) {
                  case Allocation.Granted g ->
                      "granted " + g.lease().id() + (g.existing() ? " again" : "");
                  case Allocation.Refused r -> "refused: " + r.reason();
                })
        .toList();
  }

  private static List<Allocation.Granted> granted(List<Allocation> answers) {
    return answers.stream()
        .filter(Allocation.Granted.class::isInstance)
        .map(Allocation.Granted.class::cast)
        .toList();
  }
}
