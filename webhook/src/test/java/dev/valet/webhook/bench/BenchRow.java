package dev.valet.webhook.bench;

import java.util.Optional;

/**
 * One line of the benchmark's table.
 *
 * @param what what was measured
 * @param concurrency requests or clients in flight at once
 * @param result the run's figures; empty for a row that only has a rate (pgbench, pods)
 * @param rate the throughput in {@code unit} per second
 * @param unit what the rate counts
 * @param ratio the rate as a fraction of this row's floor, and the floor's name
 */
public record BenchRow(
    String what,
    int concurrency,
    Optional<LoadResult> result,
    double rate,
    String unit,
    Optional<Ratio> ratio) {

  /** A rate compared with another row's. */
  public record Ratio(double value, String against) {}

  public static BenchRow of(String what, LoadResult result, String unit) {
    return new BenchRow(
        what,
        result.concurrency(),
        Optional.of(result),
        result.perSecond(),
        unit,
        Optional.empty());
  }

  public static BenchRow rateOnly(String what, int concurrency, double rate, String unit) {
    return new BenchRow(what, concurrency, Optional.empty(), rate, unit, Optional.empty());
  }

  /** This row under another name. */
  public BenchRow withWhat(String name) {
    return new BenchRow(name, concurrency, result, rate, unit, ratio);
  }

  /** This row with its rate divided by {@code floor}'s. */
  public BenchRow against(BenchRow floor, String name) {
    return new BenchRow(
        what, concurrency, result, rate, unit, Optional.of(new Ratio(rate / floor.rate(), name)));
  }
}
