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
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgLeaseReleaserTest {
  private static final Duration QUARANTINE = Duration.ofMinutes(10);

  private AllocatorFixture fixture;
  private PgAllocator allocator;
  private PgLeaseReleaser releaser;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    KeyPool blue =
        TestPools.create(fixture.db(), PoolSettings.defaults("blue").withQuarantine(QUARANTINE));
    allocator = new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers());
    releaser = new PgLeaseReleaser(fixture.db(), Map.of("blue", blue));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void releaseEndsTheLeaseAndQuarantinesEachOfItsKeysForThePoolsQuarantine() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();

    assertThat(await(releaser.release(lease.id(), "pod deleted", "reconciler", false)))
        .isEqualTo(LeaseReleaser.Outcome.RELEASED);

    Row leaseRow =
        fixture
            .sql(
                "SELECT state, release_reason, released_by, forced, released_at IS NOT NULL AS at"
                    + " FROM leases WHERE id = $1",
                lease.id())
            .iterator()
            .next();
    assertThat(leaseRow.getString("state")).isEqualTo("released");
    assertThat(leaseRow.getString("release_reason")).isEqualTo("pod deleted");
    assertThat(leaseRow.getString("released_by")).isEqualTo("reconciler");
    assertThat(leaseRow.getBoolean("forced")).isFalse();
    assertThat(leaseRow.getBoolean("at")).isTrue();
    assertThat(fixture.rows("SELECT released FROM lease_keys WHERE lease_id = $1", lease.id()))
        .containsExactly(List.of(true), List.of(true));
    assertThat(
            fixture.rows(
                """
                SELECT state, lease_id IS NULL, times_leased,
                       last_released_at = (SELECT released_at FROM leases),
                       free_after - last_released_at BETWEEN interval '10 minutes'
                                                         AND interval '10 minutes 5 seconds'
                  FROM keys ORDER BY id
                """))
        .containsExactly(
            List.of("free", true, 1, true, true), List.of("free", true, 1, true, true));
  }

  @Test
  void releaseRecordsWhoWhyAndWhetherItWasForcedInAnEvent() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();

    await(releaser.release(lease.id(), "released by hand", "operator alice", true));

    Row event =
        fixture
            .sql(
                "SELECT actor, pool, namespace, pod, detail FROM events WHERE kind = $1",
                "lease.released")
            .iterator()
            .next();
    assertThat(event.getString("actor")).isEqualTo("operator alice");
    assertThat(event.getString("pool")).isEqualTo("blue");
    assertThat(event.getString("namespace")).isEqualTo("validators");
    assertThat(event.getString("pod")).isEqualTo("pod-uid-1");
    JsonObject detail = (JsonObject) event.getValue("detail");
    assertThat(detail.getString("reason")).isEqualTo("released by hand");
    assertThat(detail.getBoolean("forced")).isTrue();
    assertThat(detail.getLong("quarantineSeconds")).isEqualTo(600);
    assertThat(detail.getJsonArray("pubkeys")).containsExactly(lease.keys().getFirst().pubkey());
    assertThat(fixture.count("SELECT count(*) FROM leases WHERE forced")).isEqualTo(1);
  }

  @Test
  void releasingAReleasedLeaseAgainChangesNothing() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(releaser.release(lease.id(), "pod deleted", "reconciler", false));
    List<List<List<Object>>> before = fixture.snapshot();

    LeaseReleaser.Outcome again = await(releaser.release(lease.id(), "again", "operator", true));

    assertThat(again).isEqualTo(LeaseReleaser.Outcome.ALREADY_RELEASED);
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void releasingAnUnknownLeaseSaysSoAndChangesNothing() {
    granted(allocator.allocate(request("blue", "uid-1", 1)));
    List<List<List<Object>>> before = fixture.snapshot();

    assertThat(await(releaser.release(UUID.randomUUID(), "pod deleted", "reconciler", false)))
        .isEqualTo(LeaseReleaser.Outcome.NO_SUCH_LEASE);
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aBoundLeaseIsReleasedLikeAPendingOne() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    fixture.sql(
        "UPDATE leases SET state = 'bound', bound_at = now(), pod_uid = 'p-1' WHERE id = $1",
        lease.id());

    assertThat(await(releaser.release(lease.id(), "pod deleted", "reconciler", false)))
        .isEqualTo(LeaseReleaser.Outcome.RELEASED);
    assertThat(fixture.rows("SELECT state FROM keys")).containsExactly(List.of("free"));
  }

  @Test
  void aLeaseOfAPoolNoLongerConfiguredIsQuarantinedForTheDefaultQuarantine() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    PgLeaseReleaser withoutBlue = new PgLeaseReleaser(fixture.db(), Map.of());

    await(withoutBlue.release(lease.id(), "pod deleted", "reconciler", false));

    assertThat(
            fixture.rows(
                "SELECT state, free_after - last_released_at BETWEEN interval '768 seconds'"
                    + " AND interval '773 seconds' FROM keys"))
        .containsExactly(List.of("free", true));
  }

  @Test
  void theRequestUidOfAReleasedLeaseIsRefusedRatherThanGivenKeysAgain() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(releaser.release(lease.id(), "pod deleted", "reconciler", false));
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Refused refusal = refused(allocator.allocate(request("blue", "uid-1", 1)));

    assertThat(refusal.reason()).contains("has been released since");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }
}
