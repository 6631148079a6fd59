package dev.valet.allocator.admin;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.refused;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgKeyRetirementTest {
  private AllocatorFixture fixture;
  private KeyPool pool;
  private PgAllocator allocator;
  private PgKeyRetirement retirement;
  private PgKeyReads keys;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    pool =
        TestPools.create(
            fixture.db(),
            PoolSettings.defaults("blue").withMaxKeys(2).withQuarantine(Duration.ofMinutes(10)));
    allocator = new PgAllocator(fixture.db(), Map.of("blue", pool), fixture.workers());
    retirement = new PgKeyRetirement(fixture.db());
    keys = new PgKeyReads(fixture.db());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aRetiredKeyIsNeverHandedOutAgain() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 1);
    byte[] pubkey = pubkeyOf(onlyKey());

    assertThat(await(retirement.retire(pubkey, "compromised", "alice")))
        .isInstanceOf(Retirement.Retired.class);

    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    assertThat(lease.keys().getFirst().pubkey()).isNotEqualTo(Pubkeys.hex(pubkey));
    assertThat(await(keys.find(pubkey)).orElseThrow().state()).isEqualTo(KeyState.RETIRED);
    refused(allocator.allocate(request("blue", "uid-2", 1)));
  }

  @Test
  void aLeasedKeyIsNotRetiredAndTheAnswerNamesItsLease() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    byte[] pubkey = Pubkeys.parse(lease.keys().getFirst().pubkey()).orElseThrow();

    Retirement outcome = await(retirement.retire(pubkey, "compromised", "alice"));

    assertThat(outcome).isEqualTo(new Retirement.Leased(lease.id()));
    assertThat(await(keys.find(pubkey)).orElseThrow().state()).isEqualTo(KeyState.LEASED);
    assertThat(fixture.count("SELECT count(*) FROM events WHERE kind = 'key.retired'")).isZero();
  }

  @Test
  void aKeyInQuarantineMayBeRetiredOnceItsLeaseIsReleased() {
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(
        new PgLeaseReleaser(fixture.db(), Map.of("blue", pool))
            .release(lease.id(), "pod gone", "reconciler", false));
    byte[] pubkey = Pubkeys.parse(lease.keys().getFirst().pubkey()).orElseThrow();
    assertThat(await(keys.find(pubkey)).orElseThrow().state()).isEqualTo(KeyState.QUARANTINED);

    assertThat(await(retirement.retire(pubkey, "rotating", "alice")))
        .isInstanceOf(Retirement.Retired.class);
  }

  @Test
  void retiringTwiceChangesNothingTheSecondTime() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 1);
    byte[] pubkey = pubkeyOf(onlyKey());
    await(retirement.retire(pubkey, "compromised", "alice"));

    assertThat(await(retirement.retire(pubkey, "again", "bob")))
        .isInstanceOf(Retirement.AlreadyRetired.class);
    assertThat(fixture.count("SELECT count(*) FROM events WHERE kind = 'key.retired'"))
        .isEqualTo(1);
  }

  @Test
  void anUnknownKeyIsNotFound() {
    assertThat(await(retirement.retire(new byte[48], "typo", "alice")))
        .isInstanceOf(Retirement.NoSuchKey.class);
  }

  @Test
  void theAuditLogRecordsWhoRetiredWhichKeyAndWhy() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 1);
    Row key = onlyKey();
    await(retirement.retire(pubkeyOf(key), "compromised", "system:serviceaccount:ops:alice"));

    Row event = fixture.sql("SELECT actor, pool, key_id, detail FROM events").iterator().next();
    assertThat(event.getString("actor")).isEqualTo("system:serviceaccount:ops:alice");
    assertThat(event.getString("pool")).isEqualTo("blue");
    assertThat(event.getLong("key_id")).isEqualTo(key.getLong("id"));
    assertThat(event.getJsonObject("detail"))
        .isEqualTo(
            new JsonObject()
                .put("pubkey", Pubkeys.hex(pubkeyOf(key)))
                .put("reason", "compromised"));
  }

  private Row onlyKey() {
    List<Row> rows = new ArrayList<>();
    fixture.sql("SELECT id, pubkey FROM keys").forEach(rows::add);
    assertThat(rows).hasSize(1);
    return rows.getFirst();
  }

  private static byte[] pubkeyOf(Row key) {
    return key.getBuffer("pubkey").getBytes();
  }
}
