package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.refused;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgAllocatorTest {
  private AllocatorFixture fixture;
  private KeyPool blue;
  private PgAllocator allocator;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    KeyPool green = TestPools.create(fixture.db(), PoolSettings.defaults("green"));
    allocator =
        new PgAllocator(fixture.db(), Map.of("blue", blue, "green", green), fixture.workers());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void firstAllocationFromAnEmptyPoolCreatesAKeyAndRecordsAPendingLeaseWithIt() {
    Allocation.Granted granted = granted(allocator.allocate(request("blue", "uid-1", 1)));

    Lease lease = granted.lease();
    assertThat(granted.existing()).isFalse();
    assertThat(granted.reused()).isZero();
    assertThat(granted.created()).isEqualTo(1);
    assertThat(lease.id()).isEqualTo(LeaseIds.forRequest("uid-1"));
    assertThat(lease.state()).isEqualTo(LeaseState.PENDING);
    assertThat(lease.pool()).isEqualTo("blue");
    assertThat(lease.pod()).isEqualTo(new PodReference("validators", "pod-uid-1", ""));
    assertThat(lease.keys()).hasSize(1);
    LeasedKey key = lease.keys().getFirst();
    assertThat(fixture.rows("SELECT id, pool, origin, state, lease_id, times_leased FROM keys"))
        .containsExactly(List.of(key.id(), "blue", "random", "leased", lease.id(), 1));
    assertThat(fixture.rows("SELECT id, request_uid, pool, state, key_count, layout FROM leases"))
        .containsExactly(List.of(lease.id(), "uid-1", "blue", "pending", 1, "neutral"));
    assertThat(fixture.rows("SELECT lease_id, key_id, position, released FROM lease_keys"))
        .containsExactly(List.of(lease.id(), key.id(), 0, false));
  }

  @Test
  void theLeasedKeystoreOpensWithThePoolPasswordToTheLeasedPubkey() {
    LeasedKey key =
        granted(allocator.allocate(request("blue", "uid-1", 1))).lease().keys().getFirst();

    String decryptedPubkey =
        Keystore.decrypt(key.keystoreJson(), blue.password()).publicKey().toHex();

    assertThat(decryptedPubkey).isEqualTo(key.pubkey());
    Row stored =
        fixture.sql("SELECT pubkey, keystore FROM keys WHERE id = $1", key.id()).iterator().next();
    assertThat(LeaseRows.pubkeyHex(stored.getBuffer("pubkey").getBytes())).isEqualTo(key.pubkey());
    assertThat(stored.getString("keystore")).isEqualTo(key.keystoreJson());
  }

  @Test
  void theSameRequestUidAgainReturnsTheSameLeaseAndKeysWithoutNewRows() {
    Lease first = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Granted again = granted(allocator.allocate(request("blue", "uid-1", 2)));

    assertThat(again.existing()).isTrue();
    assertThat(again.lease()).isEqualTo(first);
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aRequestUidAlreadyLeasedInAnotherNamespaceIsRefused() {
    granted(allocator.allocate(request("blue", "uid-1", 1)));
    List<List<List<Object>>> before = fixture.snapshot();

    AllocationRequest elsewhere =
        new AllocationRequest("blue", new PodReference("other", "pod", ""), "uid-1", 1, "neutral");
    Allocation.Refused refusal = refused(allocator.allocate(elsewhere));

    assertThat(refusal.reason()).contains("uid-1").contains("cannot be reused for another pod");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void anUnknownPoolIsRefusedListingTheDefinedPools() {
    Allocation.Refused refusal = refused(allocator.allocate(request("red", "uid-1", 1)));

    assertThat(refusal.reason())
        .isEqualTo(
            "pool 'red' is not defined in this Valet's configuration; defined pools: blue, green");
    assertThat(fixture.count("SELECT count(*) FROM leases")).isZero();
  }

  @Test
  void askingForMoreThanMaxKeysPerPodIsRefusedNamingTheSetting() {
    KeyPool small =
        TestPools.create(fixture.db(), PoolSettings.defaults("small").withMaxKeysPerPod(2));
    PgAllocator limited = new PgAllocator(fixture.db(), Map.of("small", small), fixture.workers());

    Allocation.Refused refusal = refused(limited.allocate(request("small", "uid-1", 3)));

    assertThat(refusal.reason())
        .contains("asks for 3 keys")
        .contains("pool 'small'")
        .contains("at most 2")
        .contains("maxKeysPerPod");
    assertThat(fixture.count("SELECT count(*) FROM keys")).isZero();
    assertThat(granted(limited.allocate(request("small", "uid-2", 2))).lease().keys()).hasSize(2);
  }

  @Test
  void eachAllocationAppendsOneAllocatedEventListingItsPubkeysAndCounts() {
    Lease first = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();
    allocator.rollBack(first.id(), "test").await();
    Lease second = granted(allocator.allocate(request("blue", "uid-2", 3))).lease();
    granted(allocator.allocate(request("blue", "uid-2", 3)));

    List<Row> events = new ArrayList<>();
    fixture
        .sql(
            "SELECT kind, actor, pool, namespace, pod, detail FROM events WHERE lease_id = $1",
            second.id())
        .forEach(events::add);

    assertThat(events).hasSize(1);
    Row event = events.getFirst();
    assertThat(event.getString("kind")).isEqualTo("lease.allocated");
    assertThat(event.getString("actor")).isEqualTo("webhook");
    assertThat(event.getString("pool")).isEqualTo("blue");
    assertThat(event.getString("namespace")).isEqualTo("validators");
    assertThat(event.getString("pod")).isEqualTo("pod-uid-2");
    JsonArray pubkeys = new JsonArray(second.keys().stream().map(LeasedKey::pubkey).toList());
    assertThat((JsonObject) event.getValue("detail"))
        .isEqualTo(
            new JsonObject()
                .put("requestUid", "uid-2")
                .put("reused", 2)
                .put("created", 1)
                .put("pubkeys", pubkeys));
    assertThat(event.getValue("detail").toString())
        .doesNotContain(blue.password())
        .doesNotContain("crypto")
        .doesNotContain("ciphertext");
  }
}
