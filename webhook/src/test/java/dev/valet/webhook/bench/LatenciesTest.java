package dev.valet.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRankOverTheSortedTimes() {
    long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();
    Latencies latencies = new Latencies(shuffled);

    assertThat(latencies.percentileNanos(50)).isEqualTo(50);
    assertThat(latencies.percentileNanos(95)).isEqualTo(95);
    assertThat(latencies.percentileNanos(99)).isEqualTo(99);
    assertThat(latencies.maxNanos()).isEqualTo(100);
  }

  @Test
  void aFewTimesRoundThePercentileRankUp() {
    Latencies latencies = new Latencies(new long[] {30, 10, 20});

    assertThat(latencies.percentileNanos(50)).isEqualTo(20);
    assertThat(latencies.percentileNanos(99)).isEqualTo(30);
    assertThat(latencies.percentileNanos(1)).isEqualTo(10);
  }

  @Test
  void noMeasuredRequestHasNoPercentile() {
    assertThatThrownBy(() -> new Latencies(new long[0]).percentileNanos(50))
        .isInstanceOf(IllegalStateException.class);
  }
}
