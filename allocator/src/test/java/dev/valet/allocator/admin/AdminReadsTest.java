package dev.valet.allocator.admin;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminReadsTest {
  private AllocatorFixture fixture;
  private KeyPool pool;
  private PgAllocator allocator;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    PoolSettings settings =
        PoolSettings.defaults("blue")
            .withMaxKeys(10)
            .withMaxNewKeysPerHour(4)
            .withQuarantine(Duration.ofMinutes(10));
    pool = TestPools.create(fixture.db(), settings);
    allocator = new PgAllocator(fixture.db(), Map.of("blue", pool), fixture.workers());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aPoolCountsItsKeysByStateAndWhatIsLeftOfItsCaps() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 3);
    granted(allocator.allocate(request("blue", "uid-1", 1)));
    Lease released = granted(allocator.allocate(request("blue", "uid-2", 3))).lease();
    await(
        new PgLeaseReleaser(fixture.db(), Map.of("blue", pool))
            .release(released.id(), "pod gone", "reconciler", false));
    granted(allocator.allocate(request("blue", "uid-3", 1)));

    PoolView view =
        await(new PgPoolReads(fixture.db(), Map.of("blue", pool.settings())).find("blue"))
            .orElseThrow();

    assertThat(view.keys()).isEqualTo(new KeyCounts(5, 0, 3, 2, 0));
    assertThat(view.boundLeases() + view.pendingLeases()).isEqualTo(2);
    assertThat(view.nextFreeAt()).isPresent();
    assertThat(view.caps().orElseThrow()).isEqualTo(new PoolCaps(10, 5, 4, 2, 2, 200));
  }

  @Test
  void aPoolNoLongerConfiguredIsShownWithoutCaps() {
    PoolView view = await(new PgPoolReads(fixture.db(), Map.of()).find("blue")).orElseThrow();

    assertThat(view.caps()).isEmpty();
    assertThat(view.network()).isEmpty();
  }

  @Test
  void keyPagesNeitherSkipNorRepeatAKeyWhileKeysAreAdded() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 5);
    PgKeyReads keys = new PgKeyReads(fixture.db());

    List<Long> seen = new ArrayList<>();
    Page<KeyView> page = await(keys.list(KeyFilter.none(), PageRequest.first(2)));
    page.items().forEach(key -> seen.add(key.id()));
    TestPools.insertOldFreeKeys(fixture.db(), pool, 2);
    while (page.next().isPresent()) {
      page = await(keys.list(KeyFilter.none(), new PageRequest(2, page.next())));
      page.items().forEach(key -> seen.add(key.id()));
    }

    assertThat(seen).hasSize(7).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void leasePagesGoNewestFirstAndEndWithoutACursor() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 5);
    List<UUID> allocated = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      allocated.add(granted(allocator.allocate(request("blue", "uid-" + i, 1))).lease().id());
    }
    PgLeaseReads leases = new PgLeaseReads(fixture.db());

    List<UUID> seen = new ArrayList<>();
    Page<LeaseView> page = await(leases.list(LeaseFilter.none(), PageRequest.first(2)));
    page.items().forEach(lease -> seen.add(lease.id()));
    while (page.next().isPresent()) {
      page = await(leases.list(LeaseFilter.none(), new PageRequest(2, page.next())));
      page.items().forEach(lease -> seen.add(lease.id()));
    }

    assertThat(seen).containsExactlyElementsOf(allocated.reversed());
  }

  @Test
  void keysFilterByStateWithQuarantinedKeysApartFromFreeOnes() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 2);
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 1))).lease();
    await(
        new PgLeaseReleaser(fixture.db(), Map.of("blue", pool))
            .release(lease.id(), "pod gone", "reconciler", false));
    PgKeyReads keys = new PgKeyReads(fixture.db());

    List<KeyView> quarantined = listed(keys, KeyState.QUARANTINED);
    List<KeyView> free = listed(keys, KeyState.FREE);

    assertThat(quarantined)
        .singleElement()
        .satisfies(key -> assertThat(key.quarantinedUntil()).isPresent())
        .extracting(KeyView::pubkey)
        .isEqualTo(lease.keys().getFirst().pubkey());
    assertThat(free).hasSize(1).allSatisfy(key -> assertThat(key.quarantinedUntil()).isEmpty());
    assertThat(listed(keys, KeyState.LEASED)).isEmpty();
  }

  @Test
  void aLeaseShowsItsPublicKeysInOrderAndHowItEnded() {
    TestPools.insertOldFreeKeys(fixture.db(), pool, 3);
    Lease lease = granted(allocator.allocate(request("blue", "uid-1", 3))).lease();
    await(
        new PgLeaseReleaser(fixture.db(), Map.of("blue", pool))
            .release(lease.id(), "by hand", "alice", true));

    LeaseView view = await(new PgLeaseReads(fixture.db()).find(lease.id())).orElseThrow();

    assertThat(view.pubkeys())
        .containsExactlyElementsOf(lease.keys().stream().map(k -> k.pubkey()).toList());
    assertThat(view.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(view.releasedBy()).contains("alice");
    assertThat(view.releaseReason()).contains("by hand");
    assertThat(view.forced()).isTrue();
  }

  @Test
  void aCursorThatNoPageGaveIsRefused() {
    PgKeyReads keys = new PgKeyReads(fixture.db());
    PgLeaseReads leases = new PgLeaseReads(fixture.db());

    assertThatThrownBy(
            () -> await(keys.list(KeyFilter.none(), new PageRequest(2, Optional.of("%%%")))))
        .isInstanceOf(InvalidCursorException.class);
    String keyCursor = Cursors.ofId(3);
    assertThatThrownBy(
            () ->
                await(leases.list(LeaseFilter.none(), new PageRequest(2, Optional.of(keyCursor)))))
        .isInstanceOf(InvalidCursorException.class);
  }

  private static List<KeyView> listed(PgKeyReads keys, KeyState state) {
    KeyFilter filter = new KeyFilter(Optional.empty(), Optional.of(state), Optional.empty());
    return await(keys.list(filter, PageRequest.first(50))).items();
  }
}
