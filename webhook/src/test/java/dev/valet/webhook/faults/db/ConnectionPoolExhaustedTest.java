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
import dev.valet.webhook.testing.LeaseInvariants;
import dev.valet.webhook.testing.LocalValet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * More admissions at once than the database pool has connections and waiting places: those past the
 * bound are denied at once with a reason, the others are served once the database moves, and
 * nothing deadlocks.
 */
@Timeout(120)
class ConnectionPoolExhaustedTest {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPoolExhaustedTest.class);
  private static final int POOL_SIZE = 2;
  private static final int WAIT_QUEUE = 4;
  private static final int AT_ONCE = 16;
  private static final String POOL_BUSY = "the database connection pool is busy";
  private static final String NO_CONNECTION_IN_TIME = "no database connection was ready";

  @TempDir Path dataDir;

  private TestDatabase database;
  private LocalValet valet;
  private AdmissionClient client;
  private Vertx vertx;
  private Pool direct;
  private ExecutorService senders;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.create();
    DatabaseSettings small =
        new DatabaseSettings(
            database.url(),
            Optional.empty(),
            POOL_SIZE,
            WAIT_QUEUE,
            Duration.ofSeconds(3),
            Duration.ofSeconds(3));
    PoolSettings pool = LocalValet.testPool("devnet").withMaxNewKeysPerHour(1000);
    valet =
        LocalValet.start(
            database.name(), small, ConfigFile.DEFAULT_ADMISSION_DEADLINE, dataDir, List.of(pool));
    client = new AdmissionClient(valet.port(), valet.caFile());
    vertx = Vertx.vertx();
    direct = Database.open(vertx, database.settings().withPoolSize(1));
    senders = Executors.newFixedThreadPool(AT_ONCE);
  }

  @AfterEach
  void stop() throws Exception {
    senders.shutdownNow();
    direct.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    valet.close();
    database.close();
  }

  @Test
  void admissionsPastThePoolAndItsQueueAreDeniedAtOnceAndTheRestCompleteWithoutDeadlock()
      throws Exception {
    openClientConnections();

    SqlConnection holder = direct.getConnection().await(10, TimeUnit.SECONDS);
    Transaction lock = holder.begin().await(10, TimeUnit.SECONDS);
    holder
        .query("LOCK TABLE leases IN ACCESS EXCLUSIVE MODE")
        .execute()
        .await(10, TimeUnit.SECONDS);
    List<Future<AdmissionOutcome>> burst = sendAtOnce(AT_ONCE, LocalValet.NAMESPACE);
    awaitDenials(AT_ONCE - POOL_SIZE - WAIT_QUEUE, burst, Duration.ofSeconds(5));
    lock.rollback().await(10, TimeUnit.SECONDS);
    holder.close().await(10, TimeUnit.SECONDS);
    List<AdmissionOutcome> outcomes = new ArrayList<>();
    for (Future<AdmissionOutcome> sent : burst) {
      outcomes.add(sent.get(30, TimeUnit.SECONDS));
    }
    List<AdmissionOutcome> later = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      later.add(AdmissionOutcome.send(client, review()));
    }

    LOG.info(
        "{} at once: {} allowed; denials by message: {}",
        AT_ONCE,
        outcomes.stream().filter(AdmissionOutcome::allowed).count(),
        outcomes.stream()
            .filter(AdmissionOutcome::denied)
            .collect(Collectors.groupingBy(AdmissionOutcome::message, Collectors.counting())));
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.httpStatus()).isEqualTo(200));
    List<AdmissionOutcome> busy =
        outcomes.stream().filter(outcome -> outcome.message().contains(POOL_BUSY)).toList();
    assertThat(busy)
        .hasSizeGreaterThanOrEqualTo(AT_ONCE - POOL_SIZE - WAIT_QUEUE)
        .allSatisfy(outcome -> assertThat(outcome.took()).isLessThan(Duration.ofSeconds(1)));
    assertThat(outcomes)
        .filteredOn(AdmissionOutcome::denied)
        .allSatisfy(
            outcome ->
                assertThat(outcome.message()).containsAnyOf(POOL_BUSY, NO_CONNECTION_IN_TIME));
    assertThat(outcomes.stream().filter(AdmissionOutcome::allowed).count())
        .isBetween(1L, (long) POOL_SIZE + WAIT_QUEUE);
    assertThat(later).allSatisfy(outcome -> assertThat(outcome.allowed()).isTrue());
    List<AdmissionOutcome> all = new ArrayList<>(outcomes);
    all.addAll(later);
    try (LeaseInvariants invariants =
        LeaseInvariants.open(database.settings(), valet.secretsDir())) {
      invariants.assertHold(all);
    }
  }

  /**
   * Opens as many TLS connections as the burst needs, with pods Valet allows unchanged (they need
   * no database), so the burst's requests reach Valet together rather than one handshake apart.
   */
  private void openClientConnections() throws Exception {
    for (Future<AdmissionOutcome> sent : sendAtOnce(AT_ONCE, "not-opted-in")) {
      assertThat(sent.get(30, TimeUnit.SECONDS).allowed()).isTrue();
    }
  }

  private List<Future<AdmissionOutcome>> sendAtOnce(int count, String namespace) {
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<AdmissionOutcome>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Callable<AdmissionOutcome> send =
          () -> {
            gate.await();
            return AdmissionOutcome.send(client, podCreate(namespace, validatorPod("burst-")));
          };
      sent.add(senders.submit(send));
    }
    gate.countDown();
    return sent;
  }

  private static void awaitDenials(
      int count, List<Future<AdmissionOutcome>> burst, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      long denied = 0;
      for (Future<AdmissionOutcome> sent : burst) {
        if (sent.isDone() && sent.get().denied()) {
          denied++;
        }
      }
      if (denied >= count) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static JsonObject review() {
    return podCreate(LocalValet.NAMESPACE, validatorPod("later-"));
  }
}
