package dev.valet.webhook.server;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.keys.Keystore;
import dev.valet.allocator.keys.KeystoreKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pods asking for several keys through the admission endpoint, Secrets written as files. */
@Timeout(300)
class ManyKeysAdmissionTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static LocalValet valet;
  private static AdmissionClient client;
  private static Vertx vertx;
  private static Pool db;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    List<PoolSettings> pools =
        List.of(
            LocalValet.testPool("many").withMaxKeys(300).withMaxNewKeysPerHour(300),
            LocalValet.testPool("small").withMaxKeys(4),
            LocalValet.testPool("race").withMaxKeys(6));
    valet =
        LocalValet.start(
            database,
            dataDir,
            pools,
            Map.of("validators", "many", "small-ns", "small", "race-ns", "race"));
    client = new AdmissionClient(valet.port(), valet.caFile());
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

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {1, 2, 64, 200})
  void aPodAskingForNKeysGetsNDistinctKeystoresThatOpenWithTheSecretsPassword(int count)
      throws Exception {
    JsonObject response = client.review(podCreate("validators", asking(count, "n-" + count)));

    assertThat(response.getBoolean("allowed")).as(response.encode()).isTrue();
    JsonArray patch = AdmissionClient.patch(response);
    String lease = added(patch, "valet.dev~1lease", "valet.dev/lease");
    List<String> annotated =
        List.of(added(patch, "valet.dev~1pubkeys", "valet.dev/pubkeys").split(","));
    Path secret = valet.secretsDir().resolve("validators").resolve("valet-" + lease);
    List<String> listed = Files.readAllLines(secret.resolve("pubkeys"));
    assertThat(listed).hasSize(count).doesNotHaveDuplicates().isEqualTo(annotated);
    List<String> keystores = keystores(secret, count);
    String password = Files.readString(secret.resolve("password.txt"));
    KeystoreKey key = KeystoreKey.derive(password, Keystore.inspect(keystores.getFirst()).kdf());
    for (int i = 0; i < count; i++) {
      assertThat(key.decrypt(keystores.get(i)).publicKey().toHex()).isEqualTo(listed.get(i));
    }
    assertThat(Keystore.decrypt(keystores.getLast(), password).publicKey().toHex())
        .isEqualTo(listed.getLast());
    assertThat(scalar("SELECT count(*) FROM lease_keys WHERE lease_id = '" + lease + "'"))
        .isEqualTo(String.valueOf(count));
  }

  @Test
  void aPodAskingForMoreThanThePoolCanGiveIsRefusedWithHowManyItCanGiveNow() throws Exception {
    JsonObject response = client.review(podCreate("small-ns", asking(5, "too-many")));

    assertThat(response.getBoolean("allowed")).isFalse();
    assertThat(response.getJsonObject("status").getString("message"))
        .contains("asks for 5 keys")
        .contains("can give 4 now");
    assertThat(scalar("SELECT count(*) FROM leases WHERE namespace = 'small-ns'")).isEqualTo("0");
  }

  @Test
  void twoPodsAskingForMoreKeysThanExistAtOnceOneGetsThemTheOtherIsRefusedAndNoKeyIsInBoth()
      throws Exception {
    CompletableFuture<JsonObject> first = reviewAsync("race-ns", asking(4, "racer-a"));
    CompletableFuture<JsonObject> second = reviewAsync("race-ns", asking(4, "racer-b"));
    List<JsonObject> answers =
        List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

    List<JsonObject> allowed = answers.stream().filter(a -> a.getBoolean("allowed")).toList();
    List<JsonObject> refused = answers.stream().filter(a -> !a.getBoolean("allowed")).toList();
    assertThat(allowed).hasSize(1);
    assertThat(refused).hasSize(1);
    assertThat(refused.getFirst().getJsonObject("status").getString("message"))
        .contains("can give 2 now");
    Set<String> keysInLeases = new HashSet<>();
    for (Row row :
        db.query(
                "SELECT lk.key_id FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id"
                    + " WHERE l.namespace = 'race-ns'")
            .execute()
            .await(10, TimeUnit.SECONDS)) {
      assertThat(keysInLeases.add(row.getValue(0).toString())).isTrue();
    }
    assertThat(keysInLeases).hasSize(4);
  }

  private static JsonObject asking(int keys, String name) {
    JsonObject pod = validatorPod(name);
    pod.getJsonObject("metadata")
        .put("annotations", new JsonObject().put("valet.dev/keys", String.valueOf(keys)));
    return pod;
  }

  private static CompletableFuture<JsonObject> reviewAsync(String namespace, JsonObject pod) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return client.review(podCreate(namespace, pod));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The value the patch adds for a label or annotation, added alone or within a new map. */
  private static String added(JsonArray patch, String escaped, String key) {
    for (int i = 0; i < patch.size(); i++) {
      JsonObject op = patch.getJsonObject(i);
      if (op.getString("path").endsWith("/" + escaped)) {
        return op.getString("value");
      }
      if (op.getValue("value") instanceof JsonObject map && map.containsKey(key)) {
        return map.getString(key);
      }
    }
    throw new AssertionError("the patch adds no " + key + ": " + patch.encode());
  }

  private static List<String> keystores(Path secret, int count) throws Exception {
    List<String> keystores = new ArrayList<>();
    if (count == 1) {
      keystores.add(Files.readString(secret.resolve("keystore.json")));
      return keystores;
    }
    for (int i = 0; i < count; i++) {
      keystores.add(Files.readString(secret.resolve("keystore-" + i + ".json")));
    }
    return keystores;
  }

  private static String scalar(String sql) throws Exception {
    return String.valueOf(
        db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getValue(0));
  }
}
