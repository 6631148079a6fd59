package dev.valet.allocator.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is and how Valet talks to it.
 *
 * @param url a {@code postgresql://user@host:port/database} URI; a password in it is accepted but
 *     {@code password} is the better place for one
 * @param password the password, read from a file by the caller, if the server asks for one
 * @param poolSize connections kept open
 * @param maxWaitQueue requests allowed to wait for a connection before new ones are refused
 * @param statementTimeout the longest a statement may run before the server cancels it
 * @param connectTimeout the longest a new connection may take
 */
public record DatabaseSettings(
    String url,
    Optional<String> password,
    int poolSize,
    int maxWaitQueue,
    Duration statementTimeout,
    Duration connectTimeout) {

  public DatabaseSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(password, "password");
    if (poolSize < 1) {
      throw new IllegalArgumentException("database poolSize must be at least 1, was " + poolSize);
    }
    if (maxWaitQueue < 0) {
      throw new IllegalArgumentException("database maxWaitQueue must not be negative");
    }
  }

  /** Settings for {@code url} with the defaults used by {@code valet serve}. */
  public static DatabaseSettings of(String url) {
    return new DatabaseSettings(
        url, Optional.empty(), 8, 256, Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  public DatabaseSettings withPassword(String password) {
    return new DatabaseSettings(
        url, Optional.of(password), poolSize, maxWaitQueue, statementTimeout, connectTimeout);
  }

  public DatabaseSettings withPoolSize(int poolSize) {
    return new DatabaseSettings(
        url, password, poolSize, maxWaitQueue, statementTimeout, connectTimeout);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + Database.redactedUrl(url)
        + ", poolSize="
        + poolSize
        + ", maxWaitQueue="
        + maxWaitQueue
        + ", statementTimeout="
        + statementTimeout
        + "]";
  }
}
