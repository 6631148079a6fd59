package dev.valet.webhook.lease;

import java.time.Duration;

/**
 * How the lease reconciler paces itself.
 *
 * @param pendingGrace how long a pending lease may wait for its pod before it is released
 * @param resyncInterval how often every unreleased lease is compared with the pods that exist
 * @param pendingCheckInterval how often pending leases past their grace are looked at
 */
public record ReconcilerSettings(
    Duration pendingGrace, Duration resyncInterval, Duration pendingCheckInterval) {

  public ReconcilerSettings {
    requirePositive(pendingGrace, "lifecycle.pendingGrace");
    requirePositive(resyncInterval, "lifecycle.resyncInterval");
    requirePositive(pendingCheckInterval, "lifecycle.pendingCheckInterval");
  }

  private static void requirePositive(Duration duration, String setting) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(setting + " must be a positive duration");
    }
  }

  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofSeconds(15));
  }
}
