package dev.valet.webhook.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {
  private static final AccessDecision ALLOWED = new AccessDecision.Allowed("alice");

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void aDecisionIsReusedUntilItsTimeIsUpAndNotAfter() {
    DecisionCache cache = new DecisionCache(clock, Duration.ofSeconds(10), 10);
    cache.put("token", ALLOWED);

    now.set(Instant.EPOCH.plusMillis(9_999));
    assertThat(cache.get("token")).contains(ALLOWED);
    now.set(Instant.EPOCH.plusSeconds(10));
    assertThat(cache.get("token")).isEmpty();
  }

  @Test
  void pastItsLimitTheEntryUsedLongestAgoGoes() {
    DecisionCache cache = new DecisionCache(clock, Duration.ofSeconds(10), 2);
    cache.put("a", ALLOWED);
    cache.put("b", ALLOWED);
    cache.get("a");

    cache.put("c", ALLOWED);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("a")).contains(ALLOWED);
    assertThat(cache.get("c")).contains(ALLOWED);
  }

  @Test
  void aZeroTimeToLiveRemembersNothing() {
    DecisionCache cache = new DecisionCache(clock, Duration.ZERO, 10);
    cache.put("token", ALLOWED);

    assertThat(cache.get("token")).isEmpty();
  }
}
