package dev.valet.webhook.faults.db;

import static dev.valet.webhook.testing.AdmissionClient.podCreate;
import static dev.valet.webhook.testing.AdmissionClient.validatorPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.AdmissionOutcome;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseInvariants;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slow database makes Valet deny within its own deadlines, well inside the webhook's 10 s
 * timeout, rather than leave the API server to time out and retry; a retry of the same request uid
 * never gets a second key.
 */
@Timeout(120)
class SlowDatabaseTest {
  private static final Logger LOG = LoggerFactory.getLogger(SlowDatabaseTest.class);
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = ConfigFile.DEFAULT_ADMISSION_DEADLINE;
  private static final String ROLLED_BACK_AT_DEADLINE =
      """
      SELECT count(*) AS rolled_back FROM events
       WHERE kind = 'lease.rolled-back' AND detail ->> 'reason' LIKE '%deadline%'
      """;
  private static final String ROLLED_BACK_LEASE =
      """
      SELECT lease_id FROM events
       WHERE kind = 'lease.rolled-back' AND detail ->> 'reason' LIKE '%deadline%'
      """;
  private static final String KEYS = "SELECT count(*) AS keys FROM keys";

  /** Longer than the proxy's delay: bytes held before it was lifted have been passed on. */
  private static final Duration SETTLE = Duration.ofSeconds(6);

  @TempDir Path dataDir;

  private TestDatabase database;
  private DelayingProxy proxy;
  private DatabaseSettings proxied;
  private LocalValet valet;
  private AdmissionClient client;
  private Vertx vertx;
  private Pool direct;
  private final List<AdmissionOutcome> outcomes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    PgConnectOptions server = PgConnectOptions.fromUri(database.url());
    proxy = DelayingProxy.to(server.getPort());
    proxied =
        DatabaseSettings.of(
            "postgresql://"
                + server.getUser()
                + "@127.0.0.1:"
                + proxy.port()
                + "/"
                + server.getDatabase());
    PoolSettings pool = LocalValet.testPool("devnet").withMaxNewKeysPerHour(1000);
    valet = LocalValet.start(database.name(), proxied, DEADLINE, dataDir, List.of(pool));
    client = new AdmissionClient(valet.port(), valet.caFile());
    vertx = Vertx.vertx();
    direct = Database.open(vertx, database.settings().withPoolSize(2));
    assertThat(admit(review("warm-up")).allowed()).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    direct.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    valet.close();
    proxy.close();
    database.close();
  }

  @Test
  void anAllocationWaitingOnALockIsCancelledByTheStatementTimeoutAndItsRetryGetsOneKey()
      throws Exception {
    JsonObject review = review("locked");
    long keysBefore = scalar(KEYS);

    SqlConnection holder = direct.getConnection().await(10, TimeUnit.SECONDS);
    Transaction lock = holder.begin().await(10, TimeUnit.SECONDS);
    holder
        .query("LOCK TABLE leases IN ACCESS EXCLUSIVE MODE")
        .execute()
        .await(10, TimeUnit.SECONDS);
    AdmissionOutcome first = admit(review);
    AdmissionOutcome retriedWhileLocked = admit(review);
    lock.rollback().await(10, TimeUnit.SECONDS);
    holder.close().await(10, TimeUnit.SECONDS);
    AdmissionOutcome retried = admit(review);

    LOG.info("Behind a lock: denied after {} and {}", first.took(), retriedWhileLocked.took());
    for (AdmissionOutcome denied : List.of(first, retriedWhileLocked)) {
      assertThat(denied.denied()).as(denied.toString()).isTrue();
      assertThat(denied.message())
          .contains("the database did not answer within the statement timeout");
      assertThat(denied.took())
          .isGreaterThanOrEqualTo(proxied.statementTimeout())
          .isLessThan(DEADLINE)
          .isLessThan(WEBHOOK_TIMEOUT);
    }
    assertThat(retried.allowed()).as(retried.toString()).isTrue();
    assertThat(scalar(KEYS)).isEqualTo(keysBefore + 1);
    assertInvariants();
  }

  @Test
  void aDatabaseSlowOnTheWireIsDeniedAtTheAdmissionDeadlineAndTheLateLeaseIsGivenBack()
      throws Exception {
    JsonObject review = review("slow");
    long keysBefore = scalar(KEYS);

    proxy.delay(Duration.ofSeconds(2));
    AdmissionOutcome first = admit(review);
    proxy.delay(Duration.ZERO);
    awaitRolledBackAtDeadline(Duration.ofSeconds(60));
    assertInvariants();
    AdmissionOutcome retried = admit(review);

    LOG.info("Slow on the wire: denied after {}: {}", first.took(), first.message());
    assertThat(first.denied()).as(first.toString()).isTrue();
    assertThat(first.message()).contains("no answer within " + DEADLINE.toSeconds() + " s");
    assertThat(first.took())
        .isGreaterThanOrEqualTo(DEADLINE)
        .isLessThan(DEADLINE.plusMillis(1500))
        .isLessThan(WEBHOOK_TIMEOUT);
    assertThat(retried.allowed()).as(retried.toString()).isTrue();
    assertThat(scalar(KEYS)).isEqualTo(keysBefore + 1);
    assertInvariants();
  }

  @Test
  void aRetrySentWhileTheFirstAttemptIsStillSlowNeverGetsASecondKey() throws Exception {
    JsonObject review = review("retried-while-slow");
    long keysBefore = scalar(KEYS);

    proxy.delay(Duration.ofSeconds(2));
    CompletableFuture<AdmissionOutcome> first = CompletableFuture.supplyAsync(() -> send(review));
    Thread.sleep(500);
    AdmissionOutcome retriedWhileSlow = send(review);
    AdmissionOutcome firstOutcome = first.get(30, TimeUnit.SECONDS);
    proxy.delay(Duration.ZERO);
    Thread.sleep(SETTLE.toMillis());
    AdmissionOutcome retried = send(review);

    LOG.info(
        "Retried while slow: denied after {} ({}) and {} ({})",
        firstOutcome.took(),
        firstOutcome.message(),
        retriedWhileSlow.took(),
        retriedWhileSlow.message());
    for (AdmissionOutcome denied : List.of(firstOutcome, retriedWhileSlow)) {
      assertThat(denied.denied()).as(denied.toString()).isTrue();
      assertThat(denied.took()).isLessThan(WEBHOOK_TIMEOUT);
    }
    assertThat(retried.allowed()).as(retried.toString()).isTrue();
    assertThat(scalar(KEYS)).isEqualTo(keysBefore + 1);
    outcomes.addAll(List.of(firstOutcome, retriedWhileSlow, retried));
    assertInvariants();
  }

  private AdmissionOutcome send(JsonObject review) {
    try {
      return AdmissionOutcome.send(client, review);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until a lease was rolled back because its admission passed the deadline, and then until
   * its Secret, which is deleted after the roll-back commits, is gone.
   */
  private void awaitRolledBackAtDeadline(Duration timeout) {
    Eventually.await(
        "a lease rolled back at the deadline", timeout, () -> scalar(ROLLED_BACK_AT_DEADLINE) >= 1);
    String lease =
        direct
            .preparedQuery(ROLLED_BACK_LEASE)
            .execute()
            .await()
            .iterator()
            .next()
            .getUUID("lease_id")
            .toString();
    Path secret = valet.secretsDir().resolve(LocalValet.NAMESPACE).resolve("valet-" + lease);
    Eventually.await(
        "the Secret of the rolled-back lease deleted",
        Duration.ofSeconds(10),
        () -> !Files.exists(secret));
  }

  private AdmissionOutcome admit(JsonObject review) throws InterruptedException {
    AdmissionOutcome outcome = AdmissionOutcome.send(client, review);
    outcomes.add(outcome);
    assertThat(outcome.httpStatus()).as(outcome.toString()).isEqualTo(200);
    return outcome;
  }

  private void assertInvariants() throws Exception {
    try (LeaseInvariants invariants =
        LeaseInvariants.open(database.settings(), valet.secretsDir())) {
      invariants.assertHold(outcomes);
    }
  }

  private long scalar(String sql) {
    try {
      return direct
          .preparedQuery(sql)
          .execute(Tuple.tuple())
          .await(10, TimeUnit.SECONDS)
          .iterator()
          .next()
          .getLong(0);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the test database did not answer", e);
    }
  }

  private static JsonObject review(String podName) {
    return podCreate(LocalValet.NAMESPACE, validatorPod(podName));
  }
}
