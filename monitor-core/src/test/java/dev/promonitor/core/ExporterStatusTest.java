package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExporterStatusTest {

  @Test
  void aNewStatusIsPendingWithNoRuns() {
    ExporterStatus status = ExporterStatus.builder("dir_size", "logs").build();

    assertThat(status.type()).isEqualTo("dir_size");
    assertThat(status.name()).isEqualTo("logs");
    assertThat(status.state()).isEqualTo(ExporterStatus.State.PENDING);
    assertThat(status.interval()).isEqualTo(Duration.ZERO);
    assertThat(status.lastRunEnd()).isNull();
    assertThat(status.lastError()).isNull();
    assertThat(status.successes() + status.failures() + status.timeouts() + status.skipped()).isZero();
    assertThat(status.series()).isZero();
  }

  @Test
  void aCopyFromToBuilderEqualsTheOriginalAndDiffersOnceChanged() {
    ExporterStatus status =
        ExporterStatus.builder("dir_size", "logs")
            .interval(Duration.ofSeconds(60))
            .timeout(Duration.ofSeconds(10))
            .state(ExporterStatus.State.FAILING)
            .lastRunEnd(Instant.parse("2026-11-25T11:59:58Z"))
            .lastRunDuration(Duration.ofMillis(250))
            .consecutiveFailures(2)
            .lastError("disk gone")
            .failures(2)
            .series(12)
            .build();

    ExporterStatus copy = status.toBuilder().build();
    ExporterStatus changed = status.toBuilder().series(13).build();

    assertThat(copy).isEqualTo(status).hasSameHashCodeAs(status);
    assertThat(copy.toString()).isEqualTo(status.toString()).contains("name=logs", "series=12");
    assertThat(changed).isNotEqualTo(status);
    assertThat(changed.series()).isEqualTo(13);
  }

  @Test
  void missingValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> ExporterStatus.builder("dir_size", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name must not be null");
    assertThatThrownBy(() -> ExporterStatus.builder("dir_size", "logs").state(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("state must not be null");
  }
}
