package dev.valet.webhook.bench;

import java.util.Arrays;

/** Response times of one measured run, in nanoseconds, with nearest-rank percentiles. */
public final class Latencies {
  private final long[] sorted;

  public Latencies(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  public int count() {
    return sorted.length;
  }

  /**
   * The nearest-rank percentile: the smallest time that at least {@code percent} per cent of the
   * requests did not exceed.
   */
  public long percentileNanos(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100: " + percent);
    }
    if (sorted.length == 0) {
      throw new IllegalStateException("no request was measured");
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public long maxNanos() {
    return percentileNanos(100);
  }
}
