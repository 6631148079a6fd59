package dev.valet.allocator.lease;

import java.util.Locale;

/** Where a lease is in its life: pending until its pod is seen, bound, then released. */
public enum LeaseState {
  PENDING,
  BOUND,
  RELEASED;

  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LeaseState fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
