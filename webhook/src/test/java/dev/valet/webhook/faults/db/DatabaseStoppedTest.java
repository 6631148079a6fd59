package dev.valet.webhook.faults.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.AdmissionOutcome;
import dev.valet.webhook.testing.LeaseInvariants;
import dev.valet.webhook.testing.LocalValet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres stops in the middle of a load of admissions and comes back on the same port: Valet
 * denies what it cannot allocate, says why, leaves nothing behind, and admits again without a
 * restart.
 */
@Timeout(120)
class DatabaseStoppedTest {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseStoppedTest.class);
  private static final int CONCURRENCY = 4;
  private static final Duration OUTAGE = Duration.ofSeconds(4);

  @TempDir Path postgresDir;
  @TempDir Path dataDir;

  private OwnPostgres postgres;
  private DatabaseSettings database;
  private LocalValet valet;

  @BeforeEach
  void start() throws Exception {
    postgres = OwnPostgres.start(postgresDir);
    database = DatabaseSettings.of(postgres.url());
    PoolSettings pool = LocalValet.testPool("devnet").withMaxKeys(5000).withMaxNewKeysPerHour(5000);
    valet =
        LocalValet.start(
            "stopped-" + postgresDir.getFileName(),
            database,
            ConfigFile.DEFAULT_ADMISSION_DEADLINE,
            dataDir,
            List.of(pool));
  }

  @AfterEach
  void stop() throws Exception {
    if (valet != null) {
      valet.close();
    }
    postgres.close();
  }

  @Test
  void admissionsDuringTheOutageAreDeniedAsUnreachableLeaveNothingAndLaterOnesSucceed()
      throws Exception {
    AdmissionLoad load =
        AdmissionLoad.start(new AdmissionClient(valet.port(), valet.caFile()), CONCURRENCY, 4000);
    load.awaitOutcomes(AdmissionOutcome::allowed, 20, Duration.ofSeconds(30));

    postgres.stop();
    Instant stopped = Instant.now();
    load.awaitOutcomes(
        outcome -> outcome.denied() && outcome.answeredAt().isAfter(stopped),
        20,
        Duration.ofSeconds(30));
    Thread.sleep(
        Math.max(0, OUTAGE.toMillis() - Duration.between(stopped, Instant.now()).toMillis()));
    postgres.startAgain();
    Instant back = Instant.now();
    load.awaitOutcomes(
        outcome -> outcome.allowed() && outcome.answeredAt().isAfter(back),
        20,
        Duration.ofSeconds(30));
    List<AdmissionOutcome> outcomes = load.stop();
    LOG.info(
        "{} admissions, {} allowed; denials by message: {}",
        outcomes.size(),
        outcomes.stream().filter(AdmissionOutcome::allowed).count(),
        outcomes.stream()
            .filter(AdmissionOutcome::denied)
            .collect(Collectors.groupingBy(AdmissionOutcome::message, Collectors.counting())));

    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.httpStatus()).isEqualTo(200));
    List<AdmissionOutcome> denied = outcomes.stream().filter(AdmissionOutcome::denied).toList();
    assertThat(denied)
        .isNotEmpty()
        .allSatisfy(
            outcome -> {
              assertThat(outcome.message()).contains("the database is unreachable");
              assertThat(outcome.took()).isLessThan(ConfigFile.DEFAULT_ADMISSION_DEADLINE);
            });
    try (LeaseInvariants invariants = LeaseInvariants.open(database, valet.secretsDir())) {
      invariants.assertHold(outcomes);
    }
  }
}
