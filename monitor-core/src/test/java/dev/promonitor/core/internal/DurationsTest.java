package dev.promonitor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void secondsAreWrittenAsExactDecimalsNeverInScientificNotation() {
    assertThat(Durations.seconds(Duration.ofSeconds(60))).isEqualTo("60s");
    assertThat(Durations.seconds(Duration.ofMillis(250))).isEqualTo("0.25s");
    assertThat(Durations.seconds(Duration.ofNanos(100_000))).isEqualTo("0.0001s");
    assertThat(Durations.seconds(Duration.ofNanos(1))).isEqualTo("0.000000001s");
    assertThat(Durations.seconds(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.seconds(Duration.ofDays(365))).isEqualTo("31536000s");
  }

  @Test
  void decimalSecondsOfWholeTensHaveNoExponent() {
    assertThat(Durations.decimalSeconds(Duration.ofSeconds(60)).toString()).isEqualTo("60");
    assertThat(Durations.decimalSeconds(Duration.ofMillis(1500)).toString()).isEqualTo("1.5");
  }

  @Test
  void fromSecondsRoundsToTheNanosecondAndRefusesWhatIsOutOfRange() {
    assertThat(Durations.fromSeconds(new BigDecimal("0.0000000014"), Durations.Bound.POSITIVE).duration())
        .isEqualTo(Duration.ofNanos(1));
    assertThat(Durations.fromSeconds(new BigDecimal("1e10"), Durations.Bound.POSITIVE).problem())
        .isEqualTo("expecting value <= 31536000 (365 days)");
    assertThat(Durations.fromSeconds(new BigDecimal("1e-12"), Durations.Bound.POSITIVE).problem())
        .isEqualTo("expecting value >= 0.000000001 (one nanosecond)");
    assertThat(Durations.fromSeconds(BigDecimal.ZERO, Durations.Bound.ZERO_OR_MORE).duration())
        .isEqualTo(Duration.ZERO);
    assertThat(Durations.fromSeconds(BigDecimal.ZERO, Durations.Bound.POSITIVE).problem())
        .isEqualTo("expecting value > 0");
  }

  @Test
  void theMaximumLeavesRoomForNanosecondArithmetic() {
    assertThat(Durations.MAX.multipliedBy(2).toNanos()).isPositive();
    assertThat(Durations.rangeProblem(Durations.MAX, Durations.Bound.POSITIVE)).isNull();
    assertThat(Durations.rangeProblem(Durations.MAX.plusNanos(1), Durations.Bound.POSITIVE))
        .isEqualTo("expecting value <= 31536000 (365 days)");
  }
}
