package dev.valet.allocator.admin;

import dev.valet.allocator.lease.LeaseState;
import java.util.Optional;

/**
 * Which leases to list; an empty value does not filter.
 *
 * @param pool leases of this pool
 * @param namespace leases of pods in this namespace
 * @param state leases in this state
 */
public record LeaseFilter(
    Optional<String> pool, Optional<String> namespace, Optional<LeaseState> state) {
  public static LeaseFilter none() {
    return new LeaseFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
