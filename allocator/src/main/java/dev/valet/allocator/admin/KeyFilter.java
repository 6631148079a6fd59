package dev.valet.allocator.admin;

import java.util.Optional;

/**
 * Which keys to list; an empty value does not filter.
 *
 * @param pool keys of this pool
 * @param state keys in this state
 * @param namespace keys leased to pods of this namespace
 */
public record KeyFilter(
    Optional<String> pool, Optional<KeyState> state, Optional<String> namespace) {
  public static KeyFilter none() {
    return new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
