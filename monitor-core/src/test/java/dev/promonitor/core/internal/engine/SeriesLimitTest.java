package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.engine.RunStats.Result;
import dev.promonitor.core.testing.LogLines;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SeriesLimitTest {

  private static final TaskTimer TIMER = new FakeTimer();
  private static final ExporterSchedule LIMIT_OF_THREE =
      ExporterSchedule.every(Duration.ofSeconds(60)).withMaxSeries(3);

  /** Exports one more labelled series at every run: 2, 3, 4, 5 series. */
  private static ExporterInstance growing(ExporterSchedule schedule) {
    AtomicReference<Gauge> gauge = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger(1);
    AtomicReference<ExporterInstance> self = new AtomicReference<>();
    Script script =
        Script.exporting(
                () -> {
                  int run = runs.incrementAndGet();
                  for (int label = 0; label < run; label++) {
                    gauge.get().labels("value" + label).set(label);
                  }
                })
            .withInit(
                () ->
                    gauge.set(
                        Gauge.build("growing", "One more series per run.")
                            .labelNames("label")
                            .register(self.get().registry())));
    ExporterInstance instance = Instances.blocking("growing", script, schedule, TIMER);
    self.set(instance);
    return instance;
  }

  private static void runOnce(ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    instance.runBlocking(ThreadAbandonment.NONE);
  }

  @Test
  void aRunOverTheLimitFailsWithItsOwnResultIsNotServedAndIsLoggedOncePerStreak() {
    ExporterInstance instance = growing(LIMIT_OF_THREE);
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(instance)));
    host.register(new HostMetricsCollector(() -> List.of(instance), () -> 0, new ReloadStatus(0), "test"));

    try (LogLines log = LogLines.of("dev.promonitor.core.engine")) {
      runOnce(instance);
      runOnce(instance);
      assertThat(host.getSampleValue("growing", new String[] {"label"}, new String[] {"value2"})).isEqualTo(2.0);
      runOnce(instance);
      runOnce(instance);

      assertThat(log.lines())
          .filteredOn(line -> !line.startsWith("DEBUG "))
          .containsExactly(
              "ERROR Exporter 'scripted.growing' had its metrics refused: exported 4 series, more"
                  + " than its max_series of 3");
    }
    RunStats.Snapshot stats = instance.stats().snapshot();
    assertThat(stats.runs(Result.SUCCESS)).isEqualTo(2);
    assertThat(stats.runs(Result.SERIES_LIMIT)).isEqualTo(2);
    assertThat(stats.runs(Result.FAILURE)).isZero();
    assertThat(stats.lastError()).isEqualTo("exported 5 series, more than its max_series of 3");
    assertThat(instance.isServable()).isFalse();
    assertThat(host.getSampleValue("growing", new String[] {"label"}, new String[] {"value0"})).isNull();
    String[] labels = {"exporter", "type"};
    String[] values = {"growing", "scripted"};
    assertThat(host.getSampleValue("monitor_exporter_series", labels, values)).isEqualTo(5.0);
    assertThat(
            host.getSampleValue(
                "monitor_exporter_runs_total",
                new String[] {"exporter", "type", "result"},
                new String[] {"growing", "scripted", "series_limit"}))
        .isEqualTo(2.0);
    assertThat(host.getSampleValue("monitor_exporter_up", labels, values)).isZero();
  }

  @Test
  void underTheKeepPolicyTheLastSnapshotWithinTheLimitStaysServed() {
    ExporterInstance instance = growing(LIMIT_OF_THREE.withOnFailure(FailurePolicy.KEEP));
    InstancesCollector served = new InstancesCollector(() -> List.of(instance));

    runOnce(instance);
    runOnce(instance);
    runOnce(instance);

    assertThat(served.snapshot().series()).isEqualTo(3);
    assertThat(instance.lastSeries()).isEqualTo(4);
  }

  @Test
  void aLimitOfZeroMeansNone() {
    ExporterInstance instance = growing(LIMIT_OF_THREE.withMaxSeries(0));

    for (int run = 0; run < 4; run++) {
      runOnce(instance);
    }

    assertThat(instance.stats().snapshot().successes()).isEqualTo(4);
    assertThat(instance.served().series()).isEqualTo(5);
  }
}
