package dev.valet.webhook.deposit;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6 at the admission door: once a pool's caps bite, a validator pod is denied with a
 * message that names the cap, and no key and no deposit is made for it.
 */
class CapsAtAdmissionTest {
  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static LocalValet valet;
  private static AdmissionClient client;
  private static Vertx vertx;
  private static Pool db;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.create();
    valet =
        LocalValet.start(
            database,
            dataDir,
            List.of(
                exporting("capped").withMaxKeys(2), exporting("hourly").withMaxNewKeysPerHour(2)),
            Map.of("capped-ns", "capped", "hourly-ns", "hourly"));
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
    return LocalValet.testPool(name).withDeposits(deposits);
  }

  @Test
  void aPodPastMaxKeysIsDeniedNamingMaxKeysAndGetsNoDeposit() throws Exception {
    assertThat(admit("capped-ns", "a").getBoolean("allowed")).isTrue();
    assertThat(admit("capped-ns", "b").getBoolean("allowed")).isTrue();

    JsonObject denied = admit("capped-ns", "c");

    assertThat(denied.getBoolean("allowed")).isFalse();
    assertThat(denied.getJsonObject("status").getInteger("code")).isEqualTo(403);
    assertThat(denied.getJsonObject("status").getString("message"))
        .contains("pool 'capped' is exhausted")
        .contains("raise maxKeys for pool 'capped'");
    assertThat(count("SELECT count(*) FROM deposits WHERE pool = 'capped' AND state = 'pending'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM keys WHERE pool = 'capped'")).isEqualTo(2);
  }

  @Test
  void aPodPastTheHoursBudgetIsDeniedNamingMaxNewKeysPerHour() throws Exception {
    assertThat(admit("hourly-ns", "a").getBoolean("allowed")).isTrue();
    assertThat(admit("hourly-ns", "b").getBoolean("allowed")).isTrue();

    JsonObject denied = admit("hourly-ns", "c");

    assertThat(denied.getBoolean("allowed")).isFalse();
    assertThat(denied.getJsonObject("status").getString("message"))
        .contains("2 keys were created in the last hour")
        .contains("raise maxNewKeysPerHour for pool 'hourly'");
    assertThat(count("SELECT count(*) FROM deposits WHERE pool = 'hourly'")).isEqualTo(2);
  }

  private static JsonObject admit(String namespace, String pod) throws Exception {
    return client.review(podCreate(namespace, validatorPod(pod)));
  }

  private static long count(String sql) throws Exception {
    return db.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
