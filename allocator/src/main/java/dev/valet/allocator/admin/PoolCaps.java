package dev.valet.allocator.admin;

import dev.valet.allocator.pool.PoolSettings;

/**
 * A pool's caps and what is left of them, counted as the allocator counts them: every key held
 * counts against {@code maxKeys}, and keys created (not imported) in the last hour against {@code
 * maxNewKeysPerHour}.
 *
 * @param maxKeys keys the pool may ever hold
 * @param keysLeft how many more keys may still be created under {@code maxKeys}
 * @param maxNewKeysPerHour keys that may be created in any hour
 * @param newKeysLeftThisHour how many more may be created in the hour up to now
 * @param creatableNow how many keys an allocation could create now, under both caps
 * @param maxKeysPerPod the most keys one pod may ask for
 */
public record PoolCaps(
    int maxKeys,
    long keysLeft,
    int maxNewKeysPerHour,
    long newKeysLeftThisHour,
    long creatableNow,
    int maxKeysPerPod) {

  static PoolCaps of(PoolSettings settings, long total, long createdLastHour) {
    long keysLeft = Math.max(0, settings.maxKeys() - total);
    long hourLeft = Math.max(0, settings.maxNewKeysPerHour() - createdLastHour);
    return new PoolCaps(
        settings.maxKeys(),
        keysLeft,
        settings.maxNewKeysPerHour(),
        hourLeft,
        Math.min(keysLeft, hourLeft),
        settings.maxKeysPerPod());
  }
}
