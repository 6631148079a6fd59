package dev.valet.webhook.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The samples of a soak, and the rule that says whether a quantity stayed flat: after a warm-up,
 * the samples are split in thirds, and the last third is compared with the first. Medians for the
 * heap (one sample caught in the middle of a burst of requests does not decide), maxima for threads
 * (a thread that lingers is what a leak of threads looks like).
 */
public final class SoakSeries {
  private final List<JvmSampler.Sample> samples = new ArrayList<>();
  private final List<Long> secondsIn = new ArrayList<>();

  public void add(long secondsSinceStart, JvmSampler.Sample sample) {
    secondsIn.add(secondsSinceStart);
    samples.add(sample);
  }

  /** The samples taken at or after {@code warmUpSeconds}. */
  public List<JvmSampler.Sample> afterWarmUp(long warmUpSeconds) {
    List<JvmSampler.Sample> steady = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      if (secondsIn.get(i) >= warmUpSeconds) {
        steady.add(samples.get(i));
      }
    }
    return steady;
  }

  /** The first third of {@code steady}. */
  public static List<JvmSampler.Sample> firstThird(List<JvmSampler.Sample> steady) {
    return steady.subList(0, steady.size() / 3);
  }

  /** The last third of {@code steady}. */
  public static List<JvmSampler.Sample> lastThird(List<JvmSampler.Sample> steady) {
    return steady.subList(steady.size() - steady.size() / 3, steady.size());
  }

  public static long median(List<JvmSampler.Sample> samples, ToLongFunction<JvmSampler.Sample> of) {
    long[] values = samples.stream().mapToLong(of).sorted().toArray();
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  public static long max(List<JvmSampler.Sample> samples, ToLongFunction<JvmSampler.Sample> of) {
    return samples.stream().mapToLong(of).max().orElseThrow();
  }

  public static long min(List<JvmSampler.Sample> samples, ToLongFunction<JvmSampler.Sample> of) {
    return samples.stream().mapToLong(of).min().orElseThrow();
  }

  /** Every sample, one line each, for the test's output. */
  public String table() {
    StringBuilder table = new StringBuilder("  second  heap-after-GC(MiB)  live-threads\n");
    for (int i = 0; i < samples.size(); i++) {
      table.append(
          String.format(
              Locale.ROOT,
              "  %6d  %18.1f  %12d%n",
              secondsIn.get(i),
              mebibytes(samples.get(i).heapAfterGcBytes()),
              samples.get(i).liveThreads()));
    }
    return table.toString();
  }

  public static double mebibytes(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
