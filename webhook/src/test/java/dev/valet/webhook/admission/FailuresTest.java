package dev.valet.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void aServerThatShutsDownOrResetsTheConnectionIsUnreachable() {
    PgException shutdown =
        new PgException(
            "terminating connection due to administrator command", "FATAL", "57P01", null);

    assertThat(Failures.describe(shutdown)).startsWith("the database is unreachable");
    assertThat(Failures.describe(new SocketException("Connection reset")))
        .isEqualTo("the database is unreachable");
    assertThat(Failures.describe(new ConnectException("Connection refused")))
        .isEqualTo("the database is unreachable");
    assertThat(Failures.describe(new IOException("Broken pipe")))
        .isEqualTo("the database is unreachable");
    assertThat(Failures.describe(new ClosedChannelException()))
        .isEqualTo("the database is unreachable");
    assertThat(Failures.describe(new VertxException("Connection closed", true)))
        .isEqualTo("the database is unreachable");
  }

  @Test
  void aLockTimeoutSaysTheStatementTimeoutPassed() {
    PgException lock =
        new PgException("canceling statement due to lock timeout", "ERROR", "55P03", null);

    assertThat(Failures.describe(lock))
        .startsWith("the database did not answer within the statement timeout");
  }

  @Test
  void aFullPoolAndItsWaitTimeoutNameTheSettingsRatherThanAnOutage() {
    String busy =
        Failures.describe(
            new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 4"));
    String waited = Failures.describe(new VertxException("Timeout waiting for connection", true));
    String queued = Failures.describe(new VertxException("Timeout", true));

    assertThat(busy).contains("pool is busy").contains("database.maxWaitQueue");
    assertThat(waited)
        .contains("no database connection was ready within database.connectTimeout")
        .contains("database.poolSize");
    assertThat(queued).isEqualTo(waited);
  }
}
