package dev.valet.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchTableTest {

  @Test
  void aMeasuredRowShowsItsRateAndPercentilesInMilliseconds() {
    long[] nanos = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
    LoadResult result =
        new LoadResult(16, 4, 0, 2_000_000_000L, new Latencies(nanos), Optional.empty());

    String line = BenchTable.line(BenchRow.of("Valet reuse path", result, "adm."));

    assertThat(line)
        .isEqualTo("| Valet reuse path | 16 | 4 | 0 | 2 adm. | 2.00 | 4.00 | 4.00 | 4.00 |  |");
  }

  @Test
  void aRatioDividesTheRowsRateByItsFloors() {
    BenchRow floor = BenchRow.rateOnly("floor", 64, 2000, "tx");
    BenchRow valet = BenchRow.rateOnly("valet", 64, 500, "adm.").against(floor, "pgbench");

    String table = BenchTable.render(List.of(floor, valet));

    assertThat(table.lines())
        .hasSize(4)
        .last()
        .isEqualTo("| valet | 64 |  |  | 500 adm. |  |  |  |  | 0.25 x pgbench |");
  }
}
