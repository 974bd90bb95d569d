package dev.promonitor.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void percentilesAreNearestRank() {
    long[] values = new long[100];
    for (int i = 0; i < values.length; i++) {
      values[values.length - 1 - i] = i + 1; // 100 down to 1, unsorted on purpose
    }
    Stats stats = Stats.of(values);

    assertThat(stats.percentile(50)).isEqualTo(50);
    assertThat(stats.percentile(99)).isEqualTo(99);
    assertThat(stats.percentile(100)).isEqualTo(100);
    assertThat(stats.percentile(0.1)).isEqualTo(1);
    assertThat(stats.min()).isEqualTo(1);
    assertThat(stats.max()).isEqualTo(100);
    assertThat(stats.mean()).isEqualTo(50.5);
  }

  @Test
  void medianOfAnOddSampleIsItsMiddleValue() {
    assertThat(Stats.of(new long[] {30, 10, 20}).median()).isEqualTo(20);
    assertThat(Stats.of(new long[] {7}).percentile(99)).isEqualTo(7);
  }

  @Test
  void theSampleIsCopied() {
    long[] values = {3, 1, 2};
    Stats.of(values);

    assertThat(values).containsExactly(3, 1, 2);
  }

  @Test
  void emptySamplesAndPercentilesOutOfRangeAreRefused() {
    assertThatThrownBy(() -> Stats.of(new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values must not be empty");
    assertThatThrownBy(() -> Stats.of(new long[] {1}).percentile(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p: Expecting value in (0, 100]. Found: 0.0");
  }

  @Test
  void nanosRenderAsMillis() {
    assertThat(Stats.millis(101_349_000, 1)).isEqualTo("101.3");
    assertThat(Stats.millis(1_000_000_000, 0)).isEqualTo("1000");
  }

  @Test
  void tablesRenderAsMarkdown() {
    String table = new Table("a", "b").row("1", "x|y").render();

    assertThat(table).isEqualTo("| a | b |\n|---|---|\n| 1 | x\\|y |\n");
  }
}
