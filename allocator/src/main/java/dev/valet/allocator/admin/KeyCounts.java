package dev.valet.allocator.admin;

/**
 * How many keys a pool holds, by state.
 *
 * @param total every key, retired ones included: they count against {@code maxKeys}
 */
public record KeyCounts(long total, long free, long quarantined, long leased, long retired) {

  public long of(KeyState state) {
    return switch (state) {
      case FREE -> free;
      case QUARANTINED -> quarantined;
      case LEASED -> leased;
      case RETIRED -> retired;
    };
  }
}
