package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Undoing an allocation whose admission failed before any pod held the keys. */
class RollBackTest {
  private AllocatorFixture fixture;
  private PgAllocator allocator;
  private PgLeaseReleaser releaser;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue").withMaxKeys(2));
    allocator = new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers());
    releaser = new PgLeaseReleaser(fixture.db(), Map.of("blue", blue));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void rollBackDeletesThePendingLeaseAndFreesItsKeysAtOnce() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();

    assertThat(await(allocator.rollBack(lease.id(), "secret write failed"))).isTrue();

    assertThat(fixture.count("SELECT count(*) FROM leases")).isZero();
    assertThat(fixture.count("SELECT count(*) FROM lease_keys")).isZero();
    assertThat(
            fixture.rows(
                "SELECT state, lease_id, free_after <= now(), times_leased FROM keys ORDER BY id"))
        .containsExactly(
            Arrays.asList("free", null, true, 0), Arrays.asList("free", null, true, 0));
    Allocation.Granted next = granted(allocator.allocate(request("blue", "uid-2", 2)));
    assertThat(next.reused()).isEqualTo(2);
    assertThat(next.lease().keys())
        .extracting(LeasedKey::id)
        .containsExactlyElementsOf(lease.keys().stream().map(LeasedKey::id).toList());
  }

  @Test
  void rollBackRecordsAnEventWithTheReason() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();

    await(allocator.rollBack(lease.id(), "secret write failed"));

    List<Row> events = new ArrayList<>();
    fixture
        .sql(
            "SELECT kind, pool, namespace, pod, detail FROM events WHERE lease_id = $1 ORDER BY id",
            lease.id())
        .forEach(events::add);
    assertThat(events)
        .extracting(row -> row.getString("kind"))
        .containsExactly("lease.allocated", "lease.rolled-back");
    Row rolledBack = events.get(1);
    assertThat(rolledBack.getString("pool")).isEqualTo("blue");
    assertThat(rolledBack.getString("namespace")).isEqualTo("validators");
    assertThat(rolledBack.getString("pod")).isEqualTo("pod-uid-1");
    assertThat((JsonObject) rolledBack.getValue("detail"))
        .isEqualTo(new JsonObject().put("reason", "secret write failed"));
  }

  @Test
  void aBoundLeaseIsNotRolledBack() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    fixture.sql(
        "UPDATE leases SET state = 'bound', bound_at = now(), pod_uid = 'p-1' WHERE id = $1",
        lease.id());
    List<List<List<Object>>> before = fixture.snapshot();

    assertThat(await(allocator.rollBack(lease.id(), "too late"))).isFalse();

    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aReleasedLeaseIsNotRolledBackSoItsKeysStayQuarantined() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(releaser.release(lease.id(), "pod deleted", "reconciler", false));
    List<List<List<Object>>> before = fixture.snapshot();

    assertThat(await(allocator.rollBack(lease.id(), "too late"))).isFalse();

    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aLeaseAlsoGivenToARetryOfItsRequestIsNotRolledBackUnderThatRetry() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    assertThat(granted(allocator.allocate(request("blue", "uid-1", 1))).existing()).isTrue();
    List<List<List<Object>>> before = fixture.snapshot();

    assertThat(await(allocator.rollBack(lease.id(), "first attempt passed its deadline")))
        .isFalse();

    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(fixture.rows("SELECT state, lease_id FROM keys"))
        .containsExactly(List.of("leased", lease.id()));
  }

  @Test
  void anUnknownLeaseIsNotRolledBack() {
    granted(allocator.allocate(request("blue", "uid-1", 1)));
    List<List<List<Object>>> before = fixture.snapshot();

    assertThat(await(allocator.rollBack(UUID.randomUUID(), "unknown"))).isFalse();

    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void theSameRequestUidAfterARollBackGetsANewAllocationUnderTheSameLeaseId() {
    Lease first = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(allocator.rollBack(first.id(), "secret write failed"));

    Allocation.Granted again = granted(allocator.allocate(request("blue", "uid-1", 1)));

    assertThat(again.existing()).isFalse();
    assertThat(again.lease().id()).isEqualTo(first.id()).isEqualTo(LeaseIds.forRequest("uid-1"));
    assertThat(again.lease().secretName()).isEqualTo("valet-" + first.id());
    assertThat(fixture.rows("SELECT id, state FROM leases"))
        .containsExactly(List.of(first.id(), "pending"));
  }
}
