package dev.valet.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode's embedded database across a Valet that was killed, and beside one that runs. */
class LocalDatabaseRestartTest {
  @TempDir Path dataDir;

  @Test
  void startsAgainAtOnceAfterAValetWasKilledWithItsPostgresStillRunning() throws Exception {
    Process killedValet = holdDatabaseInAnotherProcess();
    killedValet.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Optional<ProcessHandle> leftover = postmaster();
    assertThat(leftover).as("the killed Valet's Postgres outlives it").isPresent();
    assertThat(leftover.get().isAlive()).isTrue();

    try (LocalDatabase database = LocalDatabase.start(dataDir)) {
      assertThat(answers(database)).isTrue();
      assertThat(leftover.get().isAlive()).isFalse();
    } finally {
      leftover.get().destroy();
    }
  }

  @Test
  void leavesTheDatabaseOfARunningValetAloneAndSaysItIsInUse() throws Exception {
    Process runningValet = holdDatabaseInAnotherProcess();
    try {
      ProcessHandle server = postmaster().orElseThrow();

      assertThatThrownBy(() -> LocalDatabase.start(dataDir)).hasMessageContaining("lock");

      assertThat(server.isAlive()).isTrue();
      assertThat(runningValet.isAlive()).isTrue();
    } finally {
      runningValet.destroy();
      runningValet.waitFor(30, TimeUnit.SECONDS);
      postmaster().ifPresent(ProcessHandle::destroy);
    }
  }

  private Process holdDatabaseInAnotherProcess() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalDatabaseHolder.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null) {
      if (line.equals("started")) {
        return process;
      }
    }
    throw new AssertionError("the database holder ended before its database started");
  }

  private Optional<ProcessHandle> postmaster() throws Exception {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    return ProcessHandle.of(Long.parseLong(lines.getFirst().strip()));
  }

  private static boolean answers(LocalDatabase database) throws Exception {
    String jdbc = database.url().replace("postgresql://postgres@", "jdbc:postgresql://");
    try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "")) {
      return connection.isValid(5);
    }
  }
}
