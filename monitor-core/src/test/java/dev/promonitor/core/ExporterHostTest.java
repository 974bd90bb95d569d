package dev.promonitor.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.testing.ThrowingConstructorExporter;
import dev.promonitor.core.testing.ValidatedExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.internal.engine.TaskTimer;
import dev.promonitor.core.testing.Script;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ExporterHostTest {

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void startRunsEveryEnabledExporterRightAwayAndCloseClosesEachOnce(ExecutionMode mode)
      throws Exception {
    CountDownLatch exported = new CountDownLatch(2);
    AtomicInteger closed = new AtomicInteger();
    Script script = Script.exporting(exported::countDown).withClose(closed::incrementAndGet);
    Script disabled = Script.exporting(() -> { throw new AssertionError("disabled entry ran"); });
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "one", true, script)
                    .entry("scripted", "two", true, script)
                    .entry("scripted", "off", false, disabled)
                    .build())
            .build();

    host.start();
    assertThat(exported.await(30, SECONDS)).isTrue();
    host.close();
    host.close();

    assertThat(host.instances()).hasSize(2);
    assertThat(closed).hasValue(2);
  }

  @Test
  void exportersJoinTheApplicationsRegistryAndLeaveItOnClose() throws Exception {
    CollectorRegistry appRegistry = new CollectorRegistry(true);
    CountDownLatch exported = new CountDownLatch(1);
    Gauge[] gauge = new Gauge[1];
    Script script =
        Script.exporting(
                () -> {
                  gauge[0].set(42);
                  exported.countDown();
                })
            .withInit(() -> {});
    ExporterHost host =
        ExporterHost.builder()
            .config(HostFixtures.config().entry("scripted", "app", true, script).build())
            .registry(appRegistry)
            .build();
    gauge[0] = Gauge.build("app_side_value", "A value.").register(host.instances().get(0).registry());

    host.start();
    HostFixtures.awaitFirstSuccess(host);
    assertThat(exported.getCount()).isZero();
    assertThat(appRegistry.getSampleValue("app_side_value")).isEqualTo(42.0);
    assertThat(CollectorRegistry.defaultRegistry.getSampleValue("app_side_value")).isNull();

    host.close();
    assertThat(appRegistry.getSampleValue("app_side_value")).isNull();
  }

  @Test
  void exporterWhoseConstructorThrowsIsNamedWithItsEntryAndTheOthersAreClosed() {
    AtomicInteger closed = new AtomicInteger();
    var config =
        HostFixtures.config()
            .entry("scripted", "fine", true, Script.exporting(() -> {}).withClose(closed::incrementAndGet))
            .entry("throws_in_constructor", "bad", true, null)
            .build();

    assertThatThrownBy(() -> ExporterHost.builder().config(config).build())
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "exporter 'throws_in_constructor.bad' (dev.promonitor.core.testing.ThrowingConstructorExporter from "
                + dev.promonitor.core.internal.discovery.ExporterClasses.sourceOf(ThrowingConstructorExporter.class)
                + ", test.yml:14:5) could not be created: java.lang.IllegalArgumentException: no credentials")
        .satisfies(
            thrown -> {
              ExporterProblem problem = ((ExporterException) thrown).problems().get(0);
              assertThat(problem.qualifiedName()).isEqualTo("throws_in_constructor.bad");
              assertThat(problem.phase()).isEqualTo(ExporterProblem.Phase.CREATE);
              assertThat(problem.cause()).isSameAs(thrown.getCause()).hasMessage("no credentials");
            });
    assertThat(closed).hasValue(1);
  }

  @Test
  void aConstructorThatThrowsLeavesNoSchedulerTimerBehind() {
    ShutdownRecordingTimer timer = new ShutdownRecordingTimer();
    var config = HostFixtures.config().entry("throws_in_constructor", "bad", true, null).build();

    assertThatThrownBy(() -> ExporterHost.builder().config(config).timer(() -> timer).build())
        .isInstanceOf(ExporterException.class);

    assertThat(timer.shutdown).isTrue();
  }

  /** A timer that only records whether it was shut down; its time never moves. */
  private static final class ShutdownRecordingTimer implements TaskTimer {
    volatile boolean shutdown;

    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      return () -> {};
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }
  }

  @Test
  void hostCannotBeStartedTwice() {
    ExporterHost host = ExporterHost.builder().config(HostFixtures.config().build()).build();
    host.start();
    host.close();

    assertThatThrownBy(host::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the host was already closed");
  }

  @Test
  void buildWithoutConfigIsRefused() {
    assertThatThrownBy(() -> ExporterHost.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("config must be set: config(), configFile() or exporter()");
  }

  @Test
  void metricNameSharedByTwoExporterTypesIsAStartupErrorNamingBoth() {
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .entry("gauge", "first", true, new GaugeExporter.Settings("shared_value", 1, new CountDownLatch(1)))
                    .entry("other_gauge", "second", true, new GaugeExporter.Settings("shared_value", 2, new CountDownLatch(1)))
                    .build())
            .build();

    assertThatThrownBy(host::start)
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "metric 'shared_value' is registered by exporter 'gauge.first' (type gauge) and by"
                + " exporter 'other_gauge.second' (type other_gauge); metric names must be unique"
                + " across exporter types");
    assertThatThrownBy(host::start).hasMessage("the host was already closed");
  }

  @Test
  void twoInstancesOfOneTypeMayShareMetricNames() throws Exception {
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .entry("gauge", "first", true, new GaugeExporter.Settings("same_value", 1, new CountDownLatch(1)))
                    .entry("gauge", "second", true, new GaugeExporter.Settings("same_value", 2, new CountDownLatch(1)))
                    .build())
            .build();

    host.start();
    HostFixtures.awaitFirstSuccess(host);
    host.close();
  }

  @Test
  void selfMetricsDescribeEachExportersRuns() throws Exception {
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .entry("gauge", "ok", true, new GaugeExporter.Settings("ok_value", 1, new CountDownLatch(1)))
                    .build())
            .build();
    host.start();
    HostFixtures.awaitFirstSuccess(host);
    CollectorRegistry registry = host.registry();
    String[] labels = {"exporter", "type"};
    String[] values = {"ok", "gauge"};

    assertThat(registry.getSampleValue("monitor_exporter_up", labels, values)).isEqualTo(1.0);
    assertThat(
            registry.getSampleValue(
                "monitor_exporter_runs_total",
                new String[] {"exporter", "type", "result"},
                new String[] {"ok", "gauge", "success"}))
        .isEqualTo(1.0);
    assertThat(registry.getSampleValue("monitor_exporter_skipped_runs_total", labels, values)).isEqualTo(0.0);
    assertThat(registry.getSampleValue("monitor_exporter_consecutive_failures", labels, values)).isEqualTo(0.0);
    assertThat(registry.getSampleValue("monitor_exporter_last_run_duration_seconds", labels, values)).isNotNull();
    assertThat(registry.getSampleValue("monitor_exporter_last_success_timestamp_seconds", labels, values))
        .isGreaterThan(1.7e9);
    assertThat(registry.getSampleValue("monitor_abandoned_threads")).isEqualTo(0.0);
    assertThat(
            registry.getSampleValue(
                "monitor_build_info",
                new String[] {"version", "revision", "branch", "java_version"},
                new String[] {
                  Version.current(),
                  Version.revision(),
                  Version.branch(),
                  System.getProperty("java.version")
                }))
        .isEqualTo(1.0);
    assertThat(registry.getSampleValue("jvm_threads_current")).isNotNull();
    host.close();
  }

  @Test
  void jvmMetricsStayOutOfAnApplicationsRegistryUnlessAskedFor() {
    CollectorRegistry appRegistry = new CollectorRegistry(true);
    ExporterHost host =
        ExporterHost.builder().config(HostFixtures.config().build()).registry(appRegistry).build();

    host.start();

    assertThat(appRegistry.getSampleValue("jvm_threads_current")).isNull();
    assertThat(appRegistry.getSampleValue("monitor_abandoned_threads")).isEqualTo(0.0);
    host.close();
    assertThat(appRegistry.getSampleValue("monitor_abandoned_threads")).isNull();
  }

  @Test
  void exportersRegisteredInCodeRunOnTheAppSchedule() throws Exception {
    CountDownLatch exported = new CountDownLatch(1);
    ExporterHost host =
        ExporterHost.builder()
            .app(AppSettings.builder().executionMode(ExecutionMode.MULTITHREADED).build())
            .exporter(GaugeExporter.class, "in_code", new GaugeExporter.Settings("code_value", 3, exported))
            .build();

    host.start();
    HostFixtures.awaitFirstSuccess(host);

    assertThat(host.registry().getSampleValue("code_value")).isEqualTo(3.0);
    assertThat(host.config().exporters().get(0).qualifiedName()).isEqualTo("gauge.in_code");
    host.close();
  }

  @Test
  void configBuiltInCodeIsValidatedLikeOneFromAFile() {
    assertThatThrownBy(
            () ->
                ExporterHost.builder()
                    .exporter(ValidatedExporter.class, "bad", new ValidatedExporter.Settings(java.util.List.of(), "hunter2")))
        .isInstanceOf(dev.promonitor.core.config.ConfigException.class)
        .hasMessage("<code>: exporters[0].config.paths: must not be empty. Found: []");
  }

  @Test
  void hungExporterDelaysCloseByTheGracePeriodAndIsNotClosed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger closed = new AtomicInteger();
    Script hanging =
        Script.exporting(
                () -> {
                  started.countDown();
                  while (true) {
                    try {
                      never.await();
                    } catch (InterruptedException ignored) {
                      // ignores every interrupt
                    }
                  }
                })
            .withClose(closed::incrementAndGet);
    ExporterHost host =
        ExporterHost.builder()
            .config(HostFixtures.config().entry("scripted", "hung", true, hanging).build())
            .shutdownGracePeriod(java.time.Duration.ofMillis(50))
            .build();
    host.start();
    assertThat(started.await(30, SECONDS)).isTrue();

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), host::close);

    assertThat(closed).hasValue(0);
  }

  @Test
  void statusShowsEachExportersStateLastErrorAndSeries() throws Exception {
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .entry("gauge", "healthy", true, new GaugeExporter.Settings("healthy_value", 1, new CountDownLatch(1)))
                    .entry("scripted", "broken", true, Script.exporting(() -> { throw new java.io.IOException("disk gone"); }))
                    .build())
            .build();
    host.start();
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (host.status().stream()
        .anyMatch(status -> status.lastRunEnd() == null || status.state() == ExporterStatus.State.RUNNING)) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }

    List<ExporterStatus> statuses = host.status();

    assertThat(statuses)
        .extracting(
            ExporterStatus::name,
            ExporterStatus::state,
            ExporterStatus::lastError,
            ExporterStatus::series,
            ExporterStatus::consecutiveFailures)
        .containsExactly(
            tuple("healthy", ExporterStatus.State.UP, null, 1, 0),
            tuple("broken", ExporterStatus.State.FAILING, "java.io.IOException: disk gone", 0, 1));
    assertThat(statuses.get(0).nextRun()).isAfter(statuses.get(0).lastRunEnd());
    host.close();
  }
}
