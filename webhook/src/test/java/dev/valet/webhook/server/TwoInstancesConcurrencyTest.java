package dev.valet.webhook.server;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two webhook replicas on one database, admitting at once, never hand out one key twice. */
class TwoInstancesConcurrencyTest {
  private static final int ADMISSIONS = 100;
  private static final int RELEASED_KEYS = 40;

  @TempDir Path first;
  @TempDir Path second;

  private TestDatabase database;
  private LocalValet one;
  private LocalValet two;
  private Vertx vertx;
  private Pool db;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    PoolSettings pool =
        LocalValet.testPool("devnet").withMaxKeys(ADMISSIONS).withMaxNewKeysPerHour(1000);
    one = LocalValet.start(database, first, List.of(pool));
    two = LocalValet.start(database, second, List.of(pool));
    vertx = Vertx.vertx();
    db = database.pool(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    db.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
    one.close();
    two.close();
    database.close();
  }

  @Test
  void hundredConcurrentAdmissionsAcrossTwoReplicasNeverShareAKey() throws Exception {
    admitSequentially(RELEASED_KEYS);
    releaseEverything();
    List<AdmissionClient> clients =
        List.of(
            new AdmissionClient(one.port(), one.caFile()),
            new AdmissionClient(two.port(), two.caFile()));

    List<JsonObject> responses =
        admitConcurrently(clients, ADMISSIONS, i -> UUID.randomUUID().toString());

    Set<String> pubkeys = new HashSet<>();
    for (JsonObject response : responses) {
      assertThat(response.getBoolean("allowed")).as(response.encode()).isTrue();
      assertThat(pubkeys.add(pubkey(response))).as("pubkey handed out twice").isTrue();
    }
    assertThat(pubkeys).hasSize(ADMISSIONS);
    assertThat(count("SELECT count(*) FROM keys")).isEqualTo(ADMISSIONS);
    assertThat(count("SELECT count(*) FROM leases WHERE state = 'pending'")).isEqualTo(ADMISSIONS);
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT key_id FROM lease_keys WHERE NOT released"
                    + " GROUP BY key_id HAVING count(*) > 1) doubled"))
        .isZero();
    assertThat(count("SELECT count(*) FROM keys WHERE times_leased = 2")).isEqualTo(RELEASED_KEYS);
  }

  @Test
  void theSameRequestSentToBothReplicasAtOnceYieldsOneLease() throws Exception {
    List<AdmissionClient> clients =
        List.of(
            new AdmissionClient(one.port(), one.caFile()),
            new AdmissionClient(two.port(), two.caFile()));
    String uid = UUID.randomUUID().toString();

    List<JsonObject> responses = admitConcurrently(clients, 10, i -> uid);

    Set<String> pubkeys = new HashSet<>();
    responses.forEach(response -> pubkeys.add(pubkey(response)));
    assertThat(pubkeys).hasSize(1);
    assertThat(count("SELECT count(*) FROM leases")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM keys")).isEqualTo(1);
  }

  private void admitSequentially(int count) throws Exception {
    AdmissionClient client = new AdmissionClient(one.port(), one.caFile());
    for (int i = 0; i < count; i++) {
      assertThat(
              client
                  .review(podCreate("validators", validatorPod("warm-" + i)))
                  .getBoolean("allowed"))
          .isTrue();
    }
  }

  /** Releases every lease at once, the way the lifecycle does, with no quarantine. */
  private void releaseEverything() throws Exception {
    db.withTransaction(
            connection ->
                connection
                    .query(
                        "UPDATE leases SET state = 'released', released_at = now(),"
                            + " release_reason = 'test'")
                    .execute()
                    .compose(
                        r -> connection.query("UPDATE lease_keys SET released = true").execute())
                    .compose(
                        r ->
                            connection
                                .query(
                                    "UPDATE keys SET state = 'free', lease_id = NULL,"
                                        + " last_released_at = now(), free_after = now()")
                                .execute()))
        .await(10, TimeUnit.SECONDS);
  }

  private static List<JsonObject> admitConcurrently(
      List<AdmissionClient> clients, int count, java.util.function.IntFunction<String> uids)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(32);
    try {
      List<Callable<JsonObject>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        AdmissionClient client = clients.get(i % clients.size());
        JsonObject review = podCreate(uids.apply(i), "validators", validatorPod("pod-" + i), false);
        calls.add(() -> client.review(review));
      }
      List<JsonObject> responses = new ArrayList<>();
      for (Future<JsonObject> future : executor.invokeAll(calls, 120, TimeUnit.SECONDS)) {
        responses.add(future.get());
      }
      return responses;
    } finally {
      executor.shutdownNow();
    }
  }

  private static String pubkey(JsonObject response) {
    return AdmissionClient.patch(response).stream()
        .map(JsonObject.class::cast)
        .filter(op -> op.getString("path").equals("/metadata/annotations"))
        .map(op -> op.getJsonObject("value").getString("valet.dev/pubkey"))
        .findFirst()
        .orElseThrow();
  }

  private long count(String sql) throws Exception {
    return db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
