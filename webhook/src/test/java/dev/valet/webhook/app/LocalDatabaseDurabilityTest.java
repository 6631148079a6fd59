package dev.valet.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode's embedded database writes a commit to disk before Valet answers with its lease. */
class LocalDatabaseDurabilityTest {
  @TempDir Path dataDir;

  @Test
  void commitsAreFlushedToDiskBeforeTheyAreAcknowledged() throws Exception {
    try (LocalDatabase database = LocalDatabase.start(dataDir)) {
      String jdbc = database.url().replace("postgresql://postgres@", "jdbc:postgresql://");
      try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
          Statement statement = connection.createStatement()) {
        assertThat(setting(statement, "fsync")).isEqualTo("on");
        assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
      }
    }
  }

  private static String setting(Statement statement, String name) throws Exception {
    try (ResultSet result = statement.executeQuery("SHOW " + name)) {
      result.next();
      return result.getString(1);
    }
  }
}
