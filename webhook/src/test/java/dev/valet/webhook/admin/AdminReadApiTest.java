package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API against what real allocations left in Postgres. */
class AdminReadApiTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static AdminLocalValet valet;
  private static AdminHttp admin;
  private static Vertx vertx;
  private static Pool db;
  private static final List<String> DEVNET_LEASES = new ArrayList<>();
  private static String otherLease;

  @BeforeAll
  static void populate() throws Exception {
    database = TestDatabase.create();
    valet =
        AdminLocalValet.start(
            database,
            dataDir,
            List.of(
                AdminLocalValet.testPool("devnet").withMaxKeys(10).withMaxNewKeysPerHour(8),
                AdminLocalValet.testPool("other")),
            Map.of("validators", "devnet", "others", "other"),
            Duration.ofSeconds(1));
    admin = valet.admin();
    for (String pod : List.of("alpha", "beta", "gamma")) {
      DEVNET_LEASES.add(valet.admit("validators", pod));
    }
    otherLease = valet.admit("others", "omega");
    admin.post("/api/v1/leases/" + DEVNET_LEASES.getFirst() + "/release?force=true");
    vertx = Vertx.vertx();
    db = database.pool(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    valet.close();
    database.close();
  }

  @Test
  void poolsShowTheirKeysByStateAndWhatIsLeftOfTheirCaps() throws Exception {
    JsonArray pools = admin.read("/api/v1/pools").getJsonArray("items");

    assertThat(pools.stream().map(p -> ((JsonObject) p).getString("name")))
        .containsExactly("devnet", "other");
    JsonObject devnet = admin.read("/api/v1/pools/devnet");
    assertThat(devnet.getJsonObject("keys"))
        .isEqualTo(
            new JsonObject()
                .put("total", 3)
                .put("free", 1)
                .put("quarantined", 0)
                .put("leased", 2)
                .put("retired", 0));
    assertThat(devnet.getJsonObject("leases"))
        .isEqualTo(new JsonObject().put("pending", 2).put("bound", 0));
    assertThat(devnet.getJsonObject("caps"))
        .isEqualTo(
            new JsonObject()
                .put("maxKeys", 10)
                .put("keysLeft", 7)
                .put("maxNewKeysPerHour", 8)
                .put("newKeysLeftThisHour", 5)
                .put("creatableNow", 5)
                .put("maxKeysPerPod", 200));
    assertThat(devnet.getString("network")).isEqualTo("hoodi");
    assertThat(devnet.getJsonObject("deposits").getLong("skipped")).isEqualTo(3L);
  }

  @Test
  void aLeaseShowsWhatTheDatabaseHolds() throws Exception {
    String id = DEVNET_LEASES.get(1);
    JsonObject lease = admin.read("/api/v1/leases/" + id);

    Row row =
        db.preparedQuery(
                "SELECT l.namespace, l.pod_name, l.state, l.created_at, l.key_count,"
                    + " '0x' || encode(k.pubkey, 'hex') AS pubkey"
                    + " FROM leases l JOIN lease_keys lk ON lk.lease_id = l.id"
                    + " JOIN keys k ON k.id = lk.key_id WHERE l.id = $1")
            .execute(Tuple.of(UUID.fromString(id)))
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next();
    assertThat(lease.getString("namespace")).isEqualTo(row.getString("namespace"));
    assertThat(lease.getString("pod")).isEqualTo("beta").isEqualTo(row.getString("pod_name"));
    assertThat(lease.getString("state")).isEqualTo(row.getString("state"));
    assertThat(lease.getString("createdAt"))
        .isEqualTo(row.getOffsetDateTime("created_at").toInstant().toString());
    assertThat(lease.getInteger("keyCount")).isEqualTo(row.getInteger("key_count"));
    assertThat(lease.getJsonArray("pubkeys")).containsExactly(row.getString("pubkey"));
    assertThat(lease.getString("secret")).isEqualTo("valet-" + id);
    assertThat(lease.getValue("releasedAt")).isNull();
  }

  @Test
  void aForcedReleaseShowsWhoReleasedItAndThatItWasForced() throws Exception {
    JsonObject lease = admin.read("/api/v1/leases/" + DEVNET_LEASES.getFirst());

    assertThat(lease.getString("state")).isEqualTo("released");
    assertThat(lease.getBoolean("forced")).isTrue();
    assertThat(lease.getString("releasedBy")).isEqualTo("static-token");
    assertThat(lease.getString("releaseReason")).startsWith("forced release by an operator");
  }

  @Test
  void leasesFilterByPoolNamespaceAndState() throws Exception {
    assertThat(ids(admin.read("/api/v1/leases?pool=other"))).containsExactly(otherLease);
    assertThat(ids(admin.read("/api/v1/leases?namespace=validators")))
        .containsExactlyElementsOf(DEVNET_LEASES.reversed());
    assertThat(ids(admin.read("/api/v1/leases?state=released")))
        .containsExactly(DEVNET_LEASES.getFirst());
    assertThat(ids(admin.read("/api/v1/leases?pool=devnet&state=pending")))
        .containsExactly(DEVNET_LEASES.get(2), DEVNET_LEASES.get(1));
    assertThat(ids(admin.read("/api/v1/leases?namespace=nobody-here"))).isEmpty();
  }

  @Test
  void listsComeInPagesThatEndWithoutACursor() throws Exception {
    List<String> seen = new ArrayList<>();
    JsonObject page = admin.read("/api/v1/leases?limit=3");
    seen.addAll(ids(page));
    assertThat(page.getString("next")).isNotNull();
    page = admin.read("/api/v1/leases?limit=3&cursor=" + page.getString("next"));
    seen.addAll(ids(page));

    assertThat(page.getValue("next")).isNull();
    assertThat(seen).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void keysShowTheirLeaseAndFilterByStatePoolAndNamespace() throws Exception {
    JsonArray leased = admin.read("/api/v1/keys?state=leased&pool=devnet").getJsonArray("items");
    JsonArray free = admin.read("/api/v1/keys?state=free").getJsonArray("items");
    JsonArray others = admin.read("/api/v1/keys?namespace=others").getJsonArray("items");

    assertThat(leased).hasSize(2);
    JsonObject key = leased.getJsonObject(0);
    assertThat(key.getJsonObject("lease").getString("id")).isIn(DEVNET_LEASES);
    assertThat(key.getJsonObject("lease").getString("namespace")).isEqualTo("validators");
    assertThat(key.getString("origin")).isEqualTo("random");
    assertThat(key.getString("depositState")).isEqualTo("skipped");
    assertThat(free).hasSize(1);
    assertThat(free.getJsonObject(0).getValue("lease")).isNull();
    assertThat(others).hasSize(1);
    assertThat(admin.read("/api/v1/keys/" + key.getString("pubkey"))).isEqualTo(key);
  }

  @Test
  void eventsAreTheAuditLogNewestFirst() throws Exception {
    JsonArray events = admin.read("/api/v1/events?pool=devnet").getJsonArray("items");

    assertThat(
            events.stream()
                .map(e -> ((JsonObject) e).getString("kind"))
                .filter(kind -> kind.startsWith("lease.")))
        .containsExactly("lease.released", "lease.allocated", "lease.allocated", "lease.allocated");
    assertThat(events.stream().map(e -> ((JsonObject) e).getString("kind")))
        .filteredOn(kind -> kind.startsWith("deposit."))
        .containsOnly("deposit.skipped")
        .hasSize(3);
    JsonObject released = events.getJsonObject(0);
    assertThat(released.getString("actor")).isEqualTo("static-token");
    assertThat(released.getString("lease")).isEqualTo(DEVNET_LEASES.getFirst());
    assertThat(admin.read("/api/v1/events?lease=" + otherLease).getJsonArray("items")).hasSize(1);
    assertThat(admin.read("/api/v1/events?kind=lease.released").getJsonArray("items")).hasSize(1);
  }

  @Test
  void depositsOfAPoolWithDepositsOffAreListedAsSkipped() throws Exception {
    JsonArray deposits = admin.read("/api/v1/deposits?pool=devnet").getJsonArray("items");

    assertThat(deposits).hasSize(3);
    assertThat(deposits.stream().map(d -> ((JsonObject) d).getString("state")))
        .containsOnly("skipped");
    assertThat(admin.get("/api/v1/deposits?state=gone").status()).isEqualTo(400);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id"))
        .toList();
  }
}
