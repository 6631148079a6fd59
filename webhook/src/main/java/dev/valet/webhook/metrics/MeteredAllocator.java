package dev.valet.webhook.metrics;

import dev.valet.allocator.lease.Allocation;
import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.Allocator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Counts what an allocator does. Each allocation counts once by source: {@code reused} when every
 * key had been leased before, {@code new} when at least one key was created for it, {@code refused}
 * when nothing was given. A retried request that gets its existing lease back is not counted again.
 * Keys handed out are counted by source too.
 */
final class MeteredAllocator implements Allocator {
  static final String ALLOCATIONS = "valet.allocations";
  static final String KEYS = "valet.allocated.keys";

  private final Allocator allocator;
  private final Counter reused;
  private final Counter created;
  private final Counter refused;
  private final Counter reusedKeys;
  private final Counter newKeys;

  MeteredAllocator(Allocator allocator, MeterRegistry registry) {
    this.allocator = allocator;
    this.reused = allocations(registry, "reused");
    this.created = allocations(registry, "new");
    this.refused = allocations(registry, "refused");
    this.reusedKeys = keys(registry, "reused");
    this.newKeys = keys(registry, "new");
  }

  private static Counter allocations(MeterRegistry registry, String source) {
    return Counter.builder(ALLOCATIONS)
        .description("Allocations, by where their keys came from, and refusals")
        .tag("source", source)
        .register(registry);
  }

  private static Counter keys(MeterRegistry registry, String source) {
    return Counter.builder(KEYS)
        .description("Keys handed out, by whether they were leased before or created")
        .tag("source", source)
        .register(registry);
  }

  @Override
  public Future<Allocation> allocate(AllocationRequest request) {
    return allocator.allocate(request).onSuccess(this::count);
  }

  private void count(Allocation allocation) {
    switch (allocation) {
      case Allocation.Granted granted when granted.existing() -> {}
      case Allocation.Granted granted -> {
        (granted.created() > 0 ? created : reused).increment();
        reusedKeys.increment(granted.reused());
        newKeys.increment(granted.created());
      }
      case Allocation.Refused ignored -> refused.increment();
    }
  }

  @Override
  public Future<Boolean> rollBack(UUID leaseId, String reason) {
    return allocator.rollBack(leaseId, reason);
  }
}
