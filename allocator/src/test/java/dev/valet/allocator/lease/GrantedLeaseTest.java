package dev.valet.allocator.lease;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease an allocation grants is built in memory; it must be the lease the database holds. */
class GrantedLeaseTest {
  private AllocatorFixture fixture;
  private PgAllocator allocator;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    allocator = new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aGrantOfReusedAndNewKeysIsTheLeaseAsStoredWithItsKeysInOrder() {
    Lease first = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();
    assertThat(await(allocator.rollBack(first.id(), "freeing two keys for reuse"))).isTrue();

    Allocation.Granted mixed = granted(allocator.allocate(request("blue", "uid-2", 3)));

    assertThat(mixed.reused()).isEqualTo(2);
    assertThat(mixed.created()).isEqualTo(1);
    Lease stored = await(LeaseRows.byId(fixture.db(), mixed.lease().id())).orElseThrow();
    assertThat(mixed.lease()).isEqualTo(stored);
    assertThat(mixed.lease().keys()).extracting(LeasedKey::position).containsExactly(0, 1, 2);
  }

  @Test
  void aRetryReadsBackTheSameLeaseTheFirstAnswerBuilt() {
    Lease built = granted(allocator.allocate(request("blue", "uid-1", 2))).lease();

    Allocation.Granted retried = granted(allocator.allocate(request("blue", "uid-1", 2)));

    assertThat(retried.existing()).isTrue();
    assertThat(retried.lease()).isEqualTo(built);
  }
}
