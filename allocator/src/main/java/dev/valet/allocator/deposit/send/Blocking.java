package dev.valet.allocator.deposit.send;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The sender runs on its own thread and waits for each database step before the next one. */
final class Blocking {
  private static final long SECONDS = 30;

  private Blocking() {}

  static <T> T await(Future<T> future) {
    try {
      return future.await(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer within " + SECONDS + " s", e);
    }
  }
}
