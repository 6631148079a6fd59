package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.lease.ReconcilerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release and retire, with the safety rules of the CLI, on real leases in Postgres. */
class AdminActionsTest {
  @TempDir Path dataDir;

  private TestDatabase database;
  private AdminLocalValet valet;
  private AdminHttp admin;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
  }

  private void startValet(Duration pendingGrace) throws Exception {
    valet =
        AdminLocalValet.start(
            database,
            dataDir,
            List.of(
                AdminLocalValet.testPool("devnet")
                    .withMaxKeys(2)
                    .withQuarantine(Duration.ofMinutes(10))),
            Map.of("validators", "devnet"),
            Duration.ofSeconds(1),
            new ReconcilerSettings(pendingGrace, Duration.ofMinutes(5), Duration.ofSeconds(15)));
    admin = valet.admin();
  }

  @AfterEach
  void stop() {
    if (valet != null) {
      valet.close();
    }
    database.close();
  }

  @Test
  void aPendingLeaseYoungerThanThePendingGraceIsNotReleasedWithoutForce() throws Exception {
    startValet(Duration.ofMinutes(2));
    String lease = valet.admit("validators", "alpha");

    AdminHttp.Answer refused = admin.post("/api/v1/leases/" + lease + "/release");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("error"))
        .startsWith("lease " + lease + " is pending and its pod may still be being stored")
        .endsWith("or release with force=true");
    assertThat(admin.read("/api/v1/leases/" + lease).getString("state")).isEqualTo("pending");
  }

  @Test
  void withoutForceAReleaseIsRefusedWhenNobodyCanTellThatThePodIsGone() throws Exception {
    startValet(Duration.ofMillis(200));
    String lease = valet.admit("validators", "alpha");
    Thread.sleep(300);

    AdminHttp.Answer refused = admin.post("/api/v1/leases/" + lease + "/release");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("error"))
        .isEqualTo(
            "Valet runs in local mode, without a cluster, so it cannot see whether the pod is"
                + " gone; release with force=true once you know its pod is gone");
    assertThat(admin.read("/api/v1/leases/" + lease).getString("state")).isEqualTo("pending");
    assertThat(secretOf(lease)).exists();
  }

  @Test
  void aForcedReleaseIsRecordedAsForcedByTheCallerAndQuarantinesTheKey() throws Exception {
    startValet(Duration.ofMinutes(2));
    String lease = valet.admit("validators", "alpha");

    AdminHttp.Answer released =
        admin.post("/api/v1/leases/" + lease + "/release?force=true&reason=node%20lost");

    assertThat(released.status()).as(released.body()).isEqualTo(200);
    JsonObject view = released.json().getJsonObject("lease");
    assertThat(view.getString("state")).isEqualTo("released");
    assertThat(view.getBoolean("forced")).isTrue();
    assertThat(view.getString("releasedBy")).isEqualTo("static-token");
    assertThat(view.getString("releaseReason"))
        .isEqualTo("forced release by an operator: node lost");
    assertThat(released.json().getBoolean("secretDeleted")).isTrue();
    assertThat(secretOf(lease)).doesNotExist();
    String pubkey = view.getJsonArray("pubkeys").getString(0);
    assertThat(admin.read("/api/v1/keys/" + pubkey).getString("state")).isEqualTo("quarantined");
    JsonObject event =
        admin.read("/api/v1/events?kind=lease.released").getJsonArray("items").getJsonObject(0);
    assertThat(event.getString("actor")).isEqualTo("static-token");
    assertThat(event.getJsonObject("detail").getBoolean("forced")).isTrue();
  }

  @Test
  void aReasonWithALineBreakOrANulIsRefusedAndReleasesNothing() throws Exception {
    startValet(Duration.ofMinutes(2));
    String lease = valet.admit("validators", "alpha");

    for (String reason : new String[] {"x%0aINFO%20forged", "x%00y", "x%1b%5b31m"}) {
      AdminHttp.Answer refused =
          admin.post("/api/v1/leases/" + lease + "/release?force=true&reason=" + reason);

      assertThat(refused.status()).as(reason).isEqualTo(400);
      assertThat(refused.json().getString("error")).contains("control characters");
    }
    assertThat(admin.read("/api/v1/leases/" + lease).getString("state")).isEqualTo("pending");
    assertThat(admin.post("/api/v1/keys/0x" + "ab".repeat(48) + "/retire?reason=a%0ab").status())
        .isEqualTo(400);
  }

  @Test
  void releasingAReleasedLeaseIsAConflictThatSaysWhenAndByWhom() throws Exception {
    startValet(Duration.ofMinutes(2));
    String lease = valet.admit("validators", "alpha");
    admin.post("/api/v1/leases/" + lease + "/release?force=true");

    AdminHttp.Answer again = admin.post("/api/v1/leases/" + lease + "/release?force=true");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("error"))
        .startsWith("lease " + lease + " was released already at ")
        .contains(" by static-token (forced release by an operator)");
  }

  @Test
  void aLeasedKeyIsNotRetiredAndTheAnswerNamesTheLeaseToReleaseFirst() throws Exception {
    startValet(Duration.ofMinutes(2));
    String lease = valet.admit("validators", "alpha");
    String pubkey = admin.read("/api/v1/leases/" + lease).getJsonArray("pubkeys").getString(0);

    AdminHttp.Answer refused = admin.post("/api/v1/keys/" + pubkey + "/retire");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("error"))
        .isEqualTo(
            "key "
                + pubkey
                + " is held by lease "
                + lease
                + "; release that lease first (POST /api/v1/leases/"
                + lease
                + "/release), then retire the key");
    assertThat(admin.read("/api/v1/keys/" + pubkey).getString("state")).isEqualTo("leased");
  }

  @Test
  void aRetiredKeyIsNeverHandedOutAgain() throws Exception {
    startValet(Duration.ofMinutes(2));
    String first = valet.admit("validators", "alpha");
    String pubkey = admin.read("/api/v1/leases/" + first).getJsonArray("pubkeys").getString(0);
    admin.post("/api/v1/leases/" + first + "/release?force=true");

    AdminHttp.Answer retired = admin.post("/api/v1/keys/" + pubkey + "/retire?reason=rotated");

    assertThat(retired.status()).as(retired.body()).isEqualTo(200);
    assertThat(retired.json().getString("state")).isEqualTo("retired");
    String second = valet.admit("validators", "beta");
    assertThat(admin.read("/api/v1/leases/" + second).getJsonArray("pubkeys").getString(0))
        .isNotEqualTo(pubkey);
    JsonObject pool = admin.read("/api/v1/pools/devnet");
    assertThat(pool.getJsonObject("keys").getInteger("retired")).isEqualTo(1);
    assertThat(pool.getJsonObject("caps").getInteger("keysLeft")).isZero();
    assertThat(admin.post("/api/v1/keys/" + pubkey + "/retire").status()).isEqualTo(409);
    JsonObject event =
        admin.read("/api/v1/events?kind=key.retired").getJsonArray("items").getJsonObject(0);
    assertThat(event.getString("actor")).isEqualTo("static-token");
    assertThat(event.getJsonObject("detail").getString("reason")).isEqualTo("rotated");
  }

  private Path secretOf(String lease) {
    Path secret = valet.secretsDir().resolve("validators").resolve("valet-" + lease);
    assertThat(Files.isDirectory(secret) || !Files.exists(secret)).isTrue();
    return secret;
  }
}
