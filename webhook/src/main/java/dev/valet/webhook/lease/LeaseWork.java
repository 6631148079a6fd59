package dev.valet.webhook.lease;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Runs the reconciler's work on leases a few at a time, in the order it arrives. Each piece holds a
 * database connection and a Kubernetes worker while it runs; the pool of connections is the one
 * admission uses, so a burst of pod events (a namespace of validators deleted at once) or a resync
 * of many leases never queues more than a few of them ahead of admissions.
 */
final class LeaseWork {
  private final int limit;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private boolean draining;

  /**
   * @param limit how many pieces may run at once
   */
  LeaseWork(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("at least one piece of lease work must be able to run");
    }
    this.limit = limit;
  }

  /** Runs {@code work} once fewer than the limit run; completes as it completes. */
  <T> Future<T> submit(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    synchronized (this) {
      waiting.add(() -> start(work, result));
    }
    drain();
    return result.future();
  }

  private <T> void start(Supplier<Future<T>> work, Promise<T> result) {
    Future<T> running;
    try {
      running = work.get();
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    running.onComplete(
        outcome -> {
          synchronized (this) {
            this.running--;
          }
          result.handle(outcome);
          drain();
        });
  }

  /**
   * Starts waiting pieces while there is room. One thread drains at a time; a piece that completes
   * at once, inside the loop, leaves the next start to the loop rather than recursing into it.
   */
  private void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        if (running >= limit || waiting.isEmpty()) {
          draining = false;
          return;
        }
        running++;
        next = waiting.poll();
      }
      next.run();
    }
  }
}
