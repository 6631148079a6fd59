package dev.valet.webhook.lease;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this replica may change leases now: while it holds the election and its last successful
 * renewal of the Kubernetes Lease is younger than the renew deadline. Another replica takes the
 * Lease only once the last renewal is older than the lease duration, which is longer, so a replica
 * whose renewals stall (an API server that stops answering, a request that hangs in retries) stops
 * by itself before another can start, whatever its election thread is doing at that moment.
 */
public final class Leadership {
  private final long validityNanos;
  private final LongSupplier nanoTime;
  private volatile boolean elected;
  private volatile Renewal renewal;

  private record Renewal(long sentAt) {}

  /**
   * @param validity how long a renewal lets this replica act: the renew deadline, shorter than the
   *     lease duration by a margin for clock drift between replicas
   */
  public Leadership(Duration validity) {
    this(validity, System::nanoTime);
  }

  Leadership(Duration validity, LongSupplier nanoTime) {
    this.validityNanos = validity.toNanos();
    this.nanoTime = nanoTime;
  }

  /** True while this replica leads and its leadership was renewed recently enough to act on it. */
  public boolean isLeading() {
    Renewal last = renewal;
    return elected && last != null && nanoTime.getAsLong() - last.sentAt() < validityNanos;
  }

  /** The current time on the clock renewals are measured with. */
  long now() {
    return nanoTime.getAsLong();
  }

  /** A write of the Lease naming this replica, sent at {@code sentAt}, succeeded. */
  void renewed(long sentAt) {
    renewal = new Renewal(sentAt);
  }

  /** A write of the Lease naming another holder, or none, succeeded: this replica must stop. */
  void lapsed() {
    renewal = null;
  }

  /** The election says this replica leads. */
  void elected() {
    elected = true;
  }

  /** The election says this replica no longer leads. */
  void deposed() {
    elected = false;
    renewal = null;
  }
}
