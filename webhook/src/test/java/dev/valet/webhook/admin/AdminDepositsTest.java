package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.LaunchpadDepositFile;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deposits on the admin endpoint: listed by state, and handed out once as launchpad data. */
class AdminDepositsTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static AdminLocalValet valet;
  private static AdminHttp admin;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    valet =
        AdminLocalValet.start(
            database,
            dataDir,
            List.of(exporting("exported"), AdminLocalValet.testPool("plain")),
            Map.of("validators", "exported", "others", "plain"),
            Duration.ofSeconds(1));
    admin = valet.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    valet.close();
    database.close();
  }

  @Test
  void keysCreatedInAnExportPoolAreListedPendingThenHandedOutOnceAsLaunchpadData()
      throws Exception {
    valet.admit("validators", "first");
    valet.admit("validators", "second");

    JsonArray pending =
        admin.read("/api/v1/deposits?pool=exported&state=pending").getJsonArray("items");
    assertThat(pending).hasSize(2);
    Set<String> pubkeys =
        pending.stream().map(d -> ((JsonObject) d).getString("pubkey")).collect(Collectors.toSet());

    AdminHttp.Answer download = admin.post("/api/v1/pools/exported/deposit-data");

    assertThat(download.status()).isEqualTo(200);
    String fileName =
        download
            .header("Content-Disposition")
            .orElseThrow()
            .replaceAll(".*filename=\"(.*)\"", "$1");
    assertThat(fileName).matches("deposit_data-\\d+\\.json");
    List<DepositData> data = LaunchpadDepositFile.read(download.body(), Network.HOODI);
    assertThat(data.stream().map(d -> d.pubkey().toHex()).collect(Collectors.toSet()))
        .isEqualTo(pubkeys);
    assertThat(admin.read("/api/v1/deposits?pool=exported&state=exported").getJsonArray("items"))
        .hasSize(2);

    AdminHttp.Answer second = admin.post("/api/v1/pools/exported/deposit-data");
    assertThat(second.status()).isEqualTo(404);
    assertThat(second.json().getString("error")).contains("no deposit of pool exported waits");

    AdminHttp.Answer again = admin.get("/api/v1/pools/exported/deposit-data/" + fileName);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(download.body());
  }

  @Test
  void aPoolThatDoesNotExportRefusesTheDownloadAndBadNamesAreRefused() throws Exception {
    valet.admit("others", "plain-pod");

    AdminHttp.Answer refused = admin.post("/api/v1/pools/plain/deposit-data");
    AdminHttp.Answer unknown = admin.post("/api/v1/pools/nowhere/deposit-data");
    AdminHttp.Answer badName = admin.get("/api/v1/pools/exported/deposit-data/passwd");
    AdminHttp.Answer badState = admin.get("/api/v1/deposits?state=lost");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("error")).contains("not export");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().getString("error")).contains("pending");
    assertThat(admin.read("/api/v1/deposits?pool=plain").getJsonArray("items"))
        .allSatisfy(d -> assertThat(((JsonObject) d).getString("state")).isEqualTo("skipped"));
  }

  @Test
  void theDownloadNeedsAToken() throws Exception {
    assertThat(admin.as(Optional.empty()).post("/api/v1/pools/exported/deposit-data").status())
        .isEqualTo(401);
  }

  private static PoolSettings exporting(String name) {
    DepositSettings deposits =
        new DepositSettings(
            DepositMode.EXPORT,
            Optional.of(
                WithdrawalCredentials.executionAddress(
                    "0x00000000000000000000000000000000000000aa")),
            DepositAmount.DEFAULT,
            Optional.empty(),
            Optional.empty(),
            DepositSettings.DEFAULT_MAX_FEE_PER_GAS,
            DepositSettings.DEFAULT_MAX_PRIORITY_FEE_PER_GAS,
            DepositSettings.DEFAULT_REPLACE_AFTER,
            DepositSettings.DEFAULT_CONFIRMATIONS);
    return AdminLocalValet.testPool(name).withDeposits(deposits);
  }
}
