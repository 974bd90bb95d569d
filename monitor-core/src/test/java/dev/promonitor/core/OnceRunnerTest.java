package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.testing.Script;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OnceRunnerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void runsEachEnabledExporterOnceClosesItAndReturnsItsMetricsAsText(ExecutionMode mode) {
    AtomicInteger exports = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    Script counted = Script.exporting(exports::incrementAndGet).withClose(closes::incrementAndGet);

    OnceRunner.Result result =
        OnceRunner.run(
            HostFixtures.config()
                .mode(mode)
                .entry("gauge", "a", true, new GaugeExporter.Settings("once_a", 1.5, new CountDownLatch(1)))
                .entry("gauge", "b", true, new GaugeExporter.Settings("once_b", 2, new CountDownLatch(1)))
                .entry("scripted", "counted", true, counted)
                .entry("gauge", "off", false, null)
                .build(),
            TIMEOUT);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.failedExporters()).isEmpty();
    assertThat(result.exposition())
        .isEqualTo(
            """
            # HELP once_a A test value.
            # TYPE once_a gauge
            once_a 1.5
            # HELP once_b A test value.
            # TYPE once_b gauge
            once_b 2.0
            """);
    assertThat(exports).hasValue(1);
    assertThat(closes).hasValue(1);
  }

  @Test
  void failingExporterIsNamedAndTheOthersStillExport() {
    Script failing = Script.exporting(() -> { throw new IllegalStateException("backend down"); });
    Script failingInit =
        Script.exporting(() -> {}).withInit(() -> { throw new IllegalStateException("no backend"); });

    OnceRunner.Result result =
        OnceRunner.run(
            HostFixtures.config()
                .entry("scripted", "broken", true, failing)
                .entry("gauge", "fine", true, new GaugeExporter.Settings("once_fine", 3, new CountDownLatch(1)))
                .entry("scripted", "no_init", true, failingInit)
                .build(),
            TIMEOUT);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failedExporters()).containsExactly("scripted.broken", "scripted.no_init");
    assertThat(result.exposition()).contains("once_fine 3.0\n");
  }

  @Test
  void configWithoutEnabledExportersSucceedsWithNoMetrics() {
    OnceRunner.Result result =
        OnceRunner.run(HostFixtures.config().entry("gauge", "off", false, null).build(), TIMEOUT);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.exposition()).isEmpty();
  }
}
