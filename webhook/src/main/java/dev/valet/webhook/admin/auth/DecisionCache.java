package dev.valet.webhook.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions remembered for a short time, so that a page that makes several calls asks the
 * Kubernetes API once. Bounded: past the limit, the entry used longest ago goes. Keys are digests
 * of tokens, never tokens.
 */
final class DecisionCache {
  private record Remembered(AccessDecision decision, long expiresAtMillis) {}

  private final Clock clock;
  private final long ttlMillis;
  private final int limit;
  private final LinkedHashMap<String, Remembered> entries;

  DecisionCache(Clock clock, Duration ttl, int limit) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.limit = limit;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > DecisionCache.this.limit;
          }
        };
  }

  synchronized Optional<AccessDecision> get(String key) {
    Remembered entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.millis() >= entry.expiresAtMillis()) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.decision());
  }

  synchronized void put(String key, AccessDecision decision) {
    if (ttlMillis > 0) {
      entries.put(key, new Remembered(decision, clock.millis() + ttlMillis));
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
