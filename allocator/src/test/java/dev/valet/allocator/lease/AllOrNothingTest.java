package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.refused;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pod gets every key it asks for, or none, and nothing of a refused request remains. */
class AllOrNothingTest {
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
  void askingForMoreThanThePoolCanGiveIsRefusedWithHowManyItCanGiveAndChangesNothing() {
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue").withMaxKeys(2));
    TestPools.insertOldFreeKeys(fixture.db(), blue, 2);
    PgAllocator allocator = allocator(blue);
    List<List<List<Object>>> before = fixture.snapshot();

    Allocation.Refused refusal = refused(allocator.allocate(request("blue", "uid-1", 3)));

    assertThat(refusal.reason())
        .startsWith(
            "pool 'blue' is exhausted: the pod asks for 3 keys and the pool can give 2 now"
                + " (2 free, 0 more may be created).")
        .contains("maxKeys 2");
    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(fixture.rows("SELECT state, times_leased FROM keys"))
        .containsExactly(List.of("free", 0), List.of("free", 0));
  }

  @Test
  void askingForThreeWithTwoFreeAndOneCreatableReusesTheTwoAndCreatesOne() {
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue").withMaxKeys(3));
    List<Long> free = TestPools.insertOldFreeKeys(fixture.db(), blue, 2);

    Allocation.Granted granted = granted(allocator(blue).allocate(request("blue", "uid-1", 3)));

    assertThat(granted.reused()).isEqualTo(2);
    assertThat(granted.created()).isEqualTo(1);
    List<LeasedKey> keys = granted.lease().keys();
    assertThat(keys).extracting(LeasedKey::position).containsExactly(0, 1, 2);
    assertThat(keys.subList(0, 2)).extracting(LeasedKey::id).containsExactlyElementsOf(free);
    assertThat(fixture.count("SELECT count(*) FROM leases")).isEqualTo(1);
    assertThat(
            fixture.rows(
                "SELECT k.state, k.lease_id, lk.position FROM keys k"
                    + " JOIN lease_keys lk ON lk.key_id = k.id ORDER BY lk.position"))
        .containsExactly(
            List.of("leased", granted.lease().id(), 0),
            List.of("leased", granted.lease().id(), 1),
            List.of("leased", granted.lease().id(), 2));
  }

  @Test
  void manyKeysAreGrantedInOneLeaseWithEveryKeyDistinct() {
    KeyPool blue =
        TestPools.create(
            fixture.db(),
            PoolSettings.defaults("blue").withMaxKeys(200).withMaxNewKeysPerHour(200));

    Lease lease = granted(allocator(blue).allocate(request("blue", "uid-1", 200))).lease();

    assertThat(lease.keys()).hasSize(200);
    assertThat(lease.keys().stream().map(LeasedKey::pubkey).distinct()).hasSize(200);
    assertThat(fixture.count("SELECT count(*) FROM lease_keys WHERE lease_id = $1", lease.id()))
        .isEqualTo(200);
  }

  @Test
  void aFailureWhileCreatingKeysLeavesNoLeaseAndNoTakenKey() {
    KeyPool working = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    TestPools.insertOldFreeKeys(fixture.db(), working, 2);
    KeyPool failing = new KeyPool(working.settings(), working.password(), failingMinter());
    PgAllocator allocator = allocator(failing);
    List<List<List<Object>>> before = fixture.snapshot();

    assertThatThrownBy(() -> await(allocator.allocate(request("blue", "uid-1", 3))))
        .hasMessageContaining("the test's minter fails");

    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(granted(allocator.allocate(request("blue", "uid-2", 2))).reused()).isEqualTo(2);
  }

  @Test
  void aFailureAfterTheLeaseWasWrittenRollsBackEverything() {
    KeyPool working = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    List<Long> free = TestPools.insertOldFreeKeys(fixture.db(), working, 2);
    byte[] takenPubkey =
        fixture
            .sql("SELECT pubkey FROM keys WHERE id = $1", free.getFirst())
            .iterator()
            .next()
            .getBuffer("pubkey")
            .getBytes();
    MintedKey duplicate = new MintedKey(takenPubkey, "{}", "", OptionalLong.empty());
    KeyPool clashing =
        new KeyPool(working.settings(), working.password(), minterOf(List.of(duplicate)));
    PgAllocator allocator = allocator(clashing);
    List<List<List<Object>>> before = fixture.snapshot();

    assertThatThrownBy(() -> await(allocator.allocate(request("blue", "uid-1", 3))))
        .hasMessageContaining("keys_pubkey_key");

    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  private static Future<KeyMinter> minterOf(List<MintedKey> keys) {
    return Future.succeededFuture(
        new KeyMinter() {
          @Override
          public List<MintedKey> mint(long firstIndex, int count) {
            return keys;
          }

          @Override
          public boolean derives() {
            return false;
          }
        });
  }

  private static Future<KeyMinter> failingMinter() {
    return Future.succeededFuture(
        new KeyMinter() {
          @Override
          public List<MintedKey> mint(long firstIndex, int count) {
            throw new IllegalStateException("the test's minter fails");
          }

          @Override
          public boolean derives() {
            return false;
          }
        });
  }

  private PgAllocator allocator(KeyPool pool) {
    return new PgAllocator(fixture.db(), Map.of(pool.name(), pool), fixture.workers());
  }
}
