package dev.valet.webhook.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or time runs out, so a test waits for an event, not a clock. */
public final class Eventually {
  private static final long POLL_MILLIS = 100;

  private Eventually() {}

  /**
   * Returns once {@code condition} is true.
   *
   * @param what what is awaited, for the failure message
   * @throws AssertionError if it is still false after {@code timeout}
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
