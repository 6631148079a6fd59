package dev.valet.allocator.lease;

import dev.valet.allocator.pool.PoolSettings;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * What a pool can still give, counted under the pool's lock, and the refusal when it is not enough.
 */
record PoolCapacity(
    PoolSettings settings,
    long total,
    long createdLastHour,
    long quarantined,
    OffsetDateTime nextFreeAt,
    int free) {

  static PoolCapacity of(PoolSettings settings, Row counts, int free) {
    return new PoolCapacity(
        settings,
        counts.getLong("total"),
        counts.getLong("created_last_hour"),
        counts.getLong("quarantined"),
        counts.getOffsetDateTime("next_free_at"),
        free);
  }

  /** New keys allowed now by both caps. */
  long creatable() {
    long underMax = settings.maxKeys() - total;
    long underHourly = settings.maxNewKeysPerHour() - createdLastHour;
    return Math.max(0, Math.min(underMax, underHourly));
  }

  Allocation.Refused refusal(int asked) {
    long canGive = free + creatable();
    StringBuilder reason =
        new StringBuilder()
            .append("pool '")
            .append(settings.name())
            .append("' is exhausted: the pod asks for ")
            .append(asked)
            .append(asked == 1 ? " key" : " keys")
            .append(" and the pool can give ")
            .append(canGive)
            .append(" now (")
            .append(free)
            .append(" free, ")
            .append(creatable())
            .append(" more may be created). ");
    if (settings.maxKeys() - total <= settings.maxNewKeysPerHour() - createdLastHour) {
      reason
          .append("The pool holds ")
          .append(total)
          .append(" of maxKeys ")
          .append(settings.maxKeys())
          .append(": raise maxKeys for pool '")
          .append(settings.name())
          .append("'");
    } else {
      reason
          .append(createdLastHour)
          .append(" keys were created in the last hour, the limit is maxNewKeysPerHour ")
          .append(settings.maxNewKeysPerHour())
          .append(": wait, or raise maxNewKeysPerHour for pool '")
          .append(settings.name())
          .append("'");
    }
    if (quarantined > 0) {
      reason
          .append("; ")
          .append(quarantined)
          .append(quarantined == 1 ? " released key leaves" : " released keys leave")
          .append(" quarantine from ")
          .append(nextFreeAt.truncatedTo(ChronoUnit.SECONDS));
    }
    return new Allocation.Refused(reason.append('.').toString());
  }
}
