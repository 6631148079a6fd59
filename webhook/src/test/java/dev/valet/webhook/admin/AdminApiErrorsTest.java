package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the API cannot answer get a status and one sentence that says what is allowed. */
class AdminApiErrorsTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static AdminLocalValet valet;
  private static AdminHttp admin;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    valet = AdminLocalValet.start(database, dataDir, List.of(AdminLocalValet.testPool("devnet")));
    admin = valet.admin();
    valet.admit("validators", "alpha");
  }

  @AfterAll
  static void stop() {
    valet.close();
    database.close();
  }

  @Test
  void aStateThatIsNotAllowedIsRefusedNamingTheAllowedOnes() throws Exception {
    assertError(
        admin.get("/api/v1/leases?state=gone"),
        400,
        "state 'gone' is not allowed; allowed values: pending, bound, released");
    assertError(
        admin.get("/api/v1/keys?state=lost"),
        400,
        "state 'lost' is not allowed; allowed values: free, quarantined, leased, retired");
  }

  @Test
  void aPoolThatDoesNotExistIsRefusedNamingTheKnownOnes() throws Exception {
    for (String list : List.of("leases", "keys", "events")) {
      assertError(
          admin.get("/api/v1/" + list + "?pool=mainnet"),
          400,
          "pool 'mainnet' is not known; allowed values: devnet");
    }
  }

  @Test
  void aNamespaceThatCannotExistIsRefused() throws Exception {
    assertThat(admin.get("/api/v1/leases?namespace=Not_A_Namespace").status()).isEqualTo(400);
    assertThat(admin.get("/api/v1/leases?namespace=Not_A_Namespace").json().getString("error"))
        .startsWith("namespace must be a Kubernetes namespace name");
  }

  @Test
  void limitsOutsideOneToFiveHundredAreRefused() throws Exception {
    for (String limit : List.of("0", "501", "-1", "ten")) {
      assertError(
          admin.get("/api/v1/keys?limit=" + limit),
          400,
          "limit must be a whole number from 1 to 500");
    }
  }

  @Test
  void aCursorThatNoPageGaveIsRefused() throws Exception {
    assertError(
        admin.get("/api/v1/leases?cursor=bm90LWEtY3Vyc29y"),
        400,
        "cursor is not one that a page of leases gave; start again without a cursor");
  }

  @Test
  void unknownAndRepeatedParametersAreRefused() throws Exception {
    assertError(
        admin.get("/api/v1/leases?owner=me"),
        400,
        "unknown parameter 'owner'; this route takes: cursor, limit, namespace, pool, state");
    assertError(
        admin.get("/api/v1/leases?state=bound&state=pending"),
        400,
        "parameter 'state' is given more than once");
    assertError(
        admin.post("/api/v1/leases/" + UUID.randomUUID() + "/release?force=yes"),
        400,
        "force 'yes' is not allowed; allowed values: true, false");
  }

  @Test
  void unknownIdsAreNotFoundWithAReason() throws Exception {
    UUID unknown = UUID.randomUUID();
    assertError(admin.get("/api/v1/leases/" + unknown), 404, "no lease has the id " + unknown);
    assertError(
        admin.post("/api/v1/leases/" + unknown + "/release"),
        404,
        "no lease has the id " + unknown);
    assertError(
        admin.get("/api/v1/leases/not-a-uuid"),
        404,
        "no lease has the id 'not-a-uuid' (lease ids are UUIDs)");
    assertError(admin.get("/api/v1/pools/mainnet"), 404, "no pool is named 'mainnet'");
    String pubkey = "0x" + "ab".repeat(48);
    assertError(admin.get("/api/v1/keys/" + pubkey), 404, "no key has the public key " + pubkey);
    assertError(
        admin.post("/api/v1/keys/" + pubkey + "/retire"),
        404,
        "no key has the public key " + pubkey);
    assertError(admin.get("/api/v1/nothing"), 404, "no such route");
  }

  @Test
  void aPublicKeyThatIsNotOneIsRefused() throws Exception {
    assertError(
        admin.get("/api/v1/keys/0x1234"),
        400,
        "'0x1234' is not a public key: write 0x and 96 hex digits");
  }

  private static void assertError(AdminHttp.Answer answer, int status, String message) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.json().fieldNames()).containsExactly("error");
    assertThat(answer.json().getString("error")).isEqualTo(message);
    assertThat(answer.header("Content-Type")).contains("application/json; charset=utf-8");
  }
}
