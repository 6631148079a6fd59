package dev.valet.webhook.bench;

import java.util.List;
import java.util.Locale;

/** Prints the benchmark's rows as a Markdown table, so the README can take it as it is. */
public final class BenchTable {
  private static final String HEADER =
      "| what | conc. | requests | errors | rate/s | p50 ms | p95 ms | p99 ms | max ms | ratio |";
  private static final String RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

  private BenchTable() {}

  public static String render(List<BenchRow> rows) {
    StringBuilder table = new StringBuilder(HEADER).append('\n').append(RULE).append('\n');
    for (BenchRow row : rows) {
      table.append(line(row)).append('\n');
    }
    return table.toString();
  }

  static String line(BenchRow row) {
    String requests = "";
    String errors = "";
    String p50 = "";
    String p95 = "";
    String p99 = "";
    String max = "";
    if (row.result().isPresent()) {
      LoadResult result = row.result().get();
      Latencies latencies = result.latencies();
      requests = Integer.toString(result.requests());
      errors = Integer.toString(result.errors());
      p50 = millis(latencies.percentileNanos(50));
      p95 = millis(latencies.percentileNanos(95));
      p99 = millis(latencies.percentileNanos(99));
      max = millis(latencies.maxNanos());
    }
    String ratio =
        row.ratio()
            .map(r -> String.format(Locale.ROOT, "%.2f x %s", r.value(), r.against()))
            .orElse("");
    return String.join(
        " | ",
        "| " + row.what(),
        Integer.toString(row.concurrency()),
        requests,
        errors,
        String.format(Locale.ROOT, "%.0f %s", row.rate(), row.unit()),
        p50,
        p95,
        p99,
        max,
        ratio + " |");
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
