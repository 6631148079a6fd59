package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.DepositView;
import dev.valet.allocator.admin.EventView;
import dev.valet.allocator.admin.KeyCounts;
import dev.valet.allocator.admin.KeyView;
import dev.valet.allocator.admin.LeaseView;
import dev.valet.allocator.admin.Page;
import dev.valet.allocator.admin.PoolCaps;
import dev.valet.allocator.admin.PoolView;
import dev.valet.allocator.lease.LeaseIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON of the admin API. Every field is written from a read model that holds public facts only
 * (names, public keys, states, times, reasons), so nothing secret can reach an answer. Times are
 * UTC, ISO-8601; an unknown value is {@code null}.
 */
final class AdminJson {
  private AdminJson() {}

  static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
    JsonArray items = new JsonArray();
    page.items().forEach(each -> items.add(item.apply(each)));
    return new JsonObject().put("items", items).put("next", page.next().orElse(null));
  }

  /**
   * @param deposits the pool's deposits by state; empty where deposits are not tracked, and the
   *     field is then left out
   */
  static JsonObject pool(PoolView pool, Optional<Map<String, Long>> deposits) {
    KeyCounts keys = pool.keys();
    JsonObject json =
        new JsonObject()
            .put("name", pool.name())
            .put("configured", pool.caps().isPresent())
            .put("network", pool.network().orElse(null))
            .put(
                "keys",
                new JsonObject()
                    .put("total", keys.total())
                    .put("free", keys.free())
                    .put("quarantined", keys.quarantined())
                    .put("leased", keys.leased())
                    .put("retired", keys.retired()))
            .put("nextFreeAt", time(pool.nextFreeAt()))
            .put(
                "leases",
                new JsonObject()
                    .put("pending", pool.pendingLeases())
                    .put("bound", pool.boundLeases()))
            .put("caps", pool.caps().map(AdminJson::caps).orElse(null))
            .put("quarantineSeconds", pool.quarantine().map(q -> q.toSeconds()).orElse(null))
            .put("createdAt", time(pool.createdAt()));
    deposits.ifPresent(
        counts -> {
          JsonObject byState = new JsonObject();
          counts.forEach(byState::put);
          json.put("deposits", byState);
        });
    return json;
  }

  private static JsonObject caps(PoolCaps caps) {
    return new JsonObject()
        .put("maxKeys", caps.maxKeys())
        .put("keysLeft", caps.keysLeft())
        .put("maxNewKeysPerHour", caps.maxNewKeysPerHour())
        .put("newKeysLeftThisHour", caps.newKeysLeftThisHour())
        .put("creatableNow", caps.creatableNow())
        .put("maxKeysPerPod", caps.maxKeysPerPod());
  }

  /**
   * @param depositState the key's deposit state where deposits are tracked; the field is left out
   *     where they are not
   */
  static JsonObject key(KeyView key, Optional<Optional<String>> depositState) {
    JsonObject json =
        new JsonObject()
            .put("id", key.id())
            .put("pubkey", key.pubkey())
            .put("pool", key.pool())
            .put("origin", key.origin())
            .put("index", key.index().orElse(null))
            .put("path", key.path().isEmpty() ? null : key.path())
            .put("state", key.state().label())
            .put("quarantinedUntil", time(key.quarantinedUntil()))
            .put("timesLeased", key.timesLeased())
            .put("lastReleasedAt", time(key.lastReleasedAt()))
            .put("createdAt", time(key.createdAt()))
            .put(
                "lease",
                key.lease()
                    .map(
                        lease ->
                            new JsonObject()
                                .put("id", lease.id().toString())
                                .put("namespace", lease.namespace())
                                .put("pod", lease.pod())
                                .put("state", lease.state()))
                    .orElse(null));
    depositState.ifPresent(state -> json.put("depositState", state.orElse(null)));
    return json;
  }

  static JsonObject lease(LeaseView lease) {
    return new JsonObject()
        .put("id", lease.id().toString())
        .put("pool", lease.pool())
        .put("namespace", lease.pod().namespace())
        .put("pod", lease.pod().displayName())
        .put("podName", lease.pod().name().isEmpty() ? null : lease.pod().name())
        .put(
            "podGenerateName",
            lease.pod().generateName().isEmpty() ? null : lease.pod().generateName())
        .put("podUid", lease.podUid().orElse(null))
        .put("state", lease.state().sqlName())
        .put("layout", lease.layout())
        .put("keyCount", lease.keyCount())
        .put("pubkeys", new JsonArray(lease.pubkeys()))
        .put("secret", LeaseIds.secretName(lease.id()))
        .put("createdAt", time(lease.createdAt()))
        .put("boundAt", time(lease.boundAt()))
        .put("releasedAt", time(lease.releasedAt()))
        .put("releaseReason", lease.releaseReason().orElse(null))
        .put("releasedBy", lease.releasedBy().orElse(null))
        .put("forced", lease.forced());
  }

  static JsonObject event(EventView event) {
    return new JsonObject()
        .put("id", event.id())
        .put("at", time(event.at()))
        .put("kind", event.kind())
        .put("actor", event.actor())
        .put("pool", event.pool().orElse(null))
        .put("lease", event.leaseId().map(Object::toString).orElse(null))
        .put("key", event.keyId().orElse(null))
        .put("namespace", event.namespace().orElse(null))
        .put("pod", event.pod().orElse(null))
        .put("detail", event.detail());
  }

  static JsonObject deposit(DepositView deposit) {
    return new JsonObject()
        .put("key", deposit.keyId())
        .put("pubkey", deposit.pubkey())
        .put("pool", deposit.pool())
        .put("state", deposit.state())
        .put("txHash", deposit.txHash().orElse(null))
        .put("block", deposit.block().orElse(null))
        .put("error", deposit.error().orElse(null))
        .put("updatedAt", time(deposit.updatedAt()));
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static String time(Optional<OffsetDateTime> time) {
    return time.map(AdminJson::time).orElse(null);
  }
}
