package dev.valet.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

  @Test
  void thePeakIsTheLargestHeapBeforeACollectionInTheWindow() {
    List<GcLog.Collection> collections =
        GcLog.parse(
            List.of(
                "[0.512s] Using G1",
                "[1.020s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(64M) 3.210ms",
                "[2.100s] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation)"
                    + " 290M->270M(400M) 1.100ms",
                "[2.300s] GC(2) Concurrent Mark Cycle 12.001ms",
                "[3.000s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 80M->12M(400M) 2.0ms"));

    assertThat(collections)
        .containsExactly(
            new GcLog.Collection(25, 5, 64),
            new GcLog.Collection(290, 270, 400),
            new GcLog.Collection(80, 12, 400));
    assertThat(GcLog.Peak.of(collections.subList(2, 3))).isEqualTo(new GcLog.Peak(80, 12, 1));
    assertThat(GcLog.Peak.of(collections)).isEqualTo(new GcLog.Peak(290, 270, 3));
  }
}
