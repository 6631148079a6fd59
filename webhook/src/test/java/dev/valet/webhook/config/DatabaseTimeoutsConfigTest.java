package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.lease.ReconcilerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database's timeouts must end inside the admission deadline, itself inside the webhook's. */
class DatabaseTimeoutsConfigTest {
  private static final String URL = "postgresql://valet@127.0.0.1:5432/valet";

  @Test
  void theDefaultsEndWellInsideTheDeadlineAndTheWebhookTimeout() {
    ValetConfig config = config(DatabaseSettings.of(URL), ConfigFile.DEFAULT_ADMISSION_DEADLINE);

    DatabaseSettings database = config.database().orElseThrow();
    assertThat(database.statementTimeout()).isLessThan(config.webhook().admissionDeadline());
    assertThat(database.connectTimeout()).isLessThan(config.webhook().admissionDeadline());
    assertThat(config.webhook().admissionDeadline()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aStatementTimeoutAtOrPastTheDeadlineStopsStartUpNamingBothSettings() {
    DatabaseSettings slow = timeouts(Duration.ofSeconds(8), Duration.ofSeconds(3));

    assertThatThrownBy(() -> config(slow, Duration.ofSeconds(8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.statementTimeout is 8s")
        .hasMessageContaining("less than webhook.admissionDeadline (8s)");
  }

  @Test
  void aZeroStatementTimeoutWhichPostgresReadsAsNoneIsRefused() {
    DatabaseSettings none = timeouts(Duration.ZERO, Duration.ofSeconds(3));

    assertThatThrownBy(() -> config(none, Duration.ofSeconds(8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.statementTimeout")
        .hasMessageContaining("more than 0");
  }

  @Test
  void aConnectTimeoutPastTheDeadlineIsRefused() {
    DatabaseSettings slowConnect = timeouts(Duration.ofSeconds(3), Duration.ofSeconds(9));

    assertThatThrownBy(() -> config(slowConnect, Duration.ofSeconds(5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.connectTimeout is 9s");
  }

  private static DatabaseSettings timeouts(Duration statement, Duration connect) {
    return new DatabaseSettings(URL, Optional.empty(), 8, 256, statement, connect);
  }

  private static ValetConfig config(DatabaseSettings database, Duration deadline) {
    return new ValetConfig(
        "valet-system",
        Optional.of(database),
        Path.of("master.key"),
        new ValetConfig.Webhook("127.0.0.1", 0, Optional.empty(), Optional.empty(), deadline),
        List.of(PoolSettings.defaults("devnet")),
        Optional.empty(),
        Optional.empty(),
        ReconcilerSettings.defaults());
  }
}
