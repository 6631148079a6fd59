package dev.valet.allocator.admin;

import java.util.Optional;
import java.util.UUID;

/**
 * Which events to list; an empty value does not filter.
 *
 * @param pool events of this pool
 * @param namespace events of pods in this namespace
 * @param leaseId events of this lease
 * @param kind events of this kind
 */
public record EventFilter(
    Optional<String> pool,
    Optional<String> namespace,
    Optional<UUID> leaseId,
    Optional<String> kind) {
  public static EventFilter none() {
    return new EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
