package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReloadTest {

  private final CountDownLatch unused = new CountDownLatch(0);
  private ExporterHost host;

  @AfterEach
  void closeHost() {
    if (host != null) {
      host.close();
    }
  }

  private GaugeExporter.Settings gauge(String metric, double value) {
    return new GaugeExporter.Settings(metric, value, unused);
  }

  private ExporterHost started(MonitorConfig config) throws InterruptedException {
    host = ExporterHost.builder().config(config).build();
    host.start();
    HostFixtures.awaitFirstSuccess(host);
    return host;
  }

  @Test
  void onlyChangedEntriesAreRecreatedAndTheOthersKeepRunning() throws Exception {
    started(
        HostFixtures.config()
            .entry("gauge", "kept", true, gauge("kept_value", 1))
            .entry("gauge", "changed", true, gauge("changed_value", 2))
            .entry("gauge", "dropped", true, gauge("dropped_value", 3))
            .build());
    ExporterInstance keptBefore = instance("gauge.kept");
    ExporterInstance changedBefore = instance("gauge.changed");

    ReloadResult result =
        host.reload(
            () ->
                HostFixtures.config()
                    .entry("gauge", "kept", true, gauge("kept_value", 1))
                    .entry("gauge", "changed", true, gauge("changed_value", 20))
                    .entry("gauge", "added", true, gauge("added_value", 4))
                    .build());
    HostFixtures.awaitFirstSuccess(host);

    assertThat(result)
        .isEqualTo(
            new ReloadResult(
                List.of("gauge.added"),
                List.of("gauge.dropped"),
                List.of("gauge.changed"),
                List.of("gauge.kept"),
                List.of()));
    assertThat(instance("gauge.kept")).isSameAs(keptBefore);
    assertThat(instance("gauge.changed")).isNotSameAs(changedBefore);
    assertThat(host.registry().getSampleValue("kept_value")).isEqualTo(1.0);
    assertThat(host.registry().getSampleValue("changed_value")).isEqualTo(20.0);
    assertThat(host.registry().getSampleValue("added_value")).isEqualTo(4.0);
    assertThat(host.registry().getSampleValue("dropped_value")).isNull();
    assertThat(host.registry().getSampleValue("monitor_config_last_reload_successful")).isEqualTo(1.0);
  }

  @Test
  void invalidConfigLeavesTheRunningOneAndIsCountedAsAFailedReload() throws Exception {
    started(HostFixtures.config().entry("gauge", "kept", true, gauge("kept_value", 1)).build());
    ExporterInstance before = instance("gauge.kept");
    double loadedAt =
        host.registry().getSampleValue("monitor_config_last_reload_success_timestamp_seconds");
    ConfigException invalid =
        new ConfigException(
            List.of(new ConfigProblem(new ConfigLocation("test.yml", 3, 5), "app.threads", "expecting value > 0", "0")));

    assertThatThrownBy(() -> host.reload(() -> { throw invalid; })).isSameAs(invalid);

    assertThat(instance("gauge.kept")).isSameAs(before);
    assertThat(host.registry().getSampleValue("kept_value")).isEqualTo(1.0);
    assertThat(host.registry().getSampleValue("monitor_config_last_reload_successful")).isEqualTo(0.0);
    assertThat(host.registry().getSampleValue("monitor_config_last_reload_success_timestamp_seconds"))
        .isEqualTo(loadedAt);
  }

  @Test
  void exporterThatCannotBeConstructedRefusesTheWholeReload() throws Exception {
    started(HostFixtures.config().entry("gauge", "kept", true, gauge("kept_value", 1)).build());

    assertThatThrownBy(
            () ->
                host.reload(
                    () ->
                        HostFixtures.config()
                            .entry("throws_in_constructor", "bad", true, null)
                            .build()))
        .isInstanceOf(ExporterException.class);

    assertThat(host.registry().getSampleValue("kept_value")).isEqualTo(1.0);
    assertThat(host.config().exporters()).extracting(entry -> entry.qualifiedName()).containsExactly("gauge.kept");
  }

  @Test
  void settingsThatNeedARestartAreReportedNotApplied() throws Exception {
    started(HostFixtures.config().entry("gauge", "kept", true, gauge("kept_value", 1)).build());

    ReloadResult result =
        host.reload(
            () ->
                HostFixtures.config()
                    .port(9999)
                    .mode(dev.promonitor.core.config.ExecutionMode.SYNC)
                    .entry("gauge", "kept", true, gauge("kept_value", 1))
                    .build());

    assertThat(result.needsRestart()).containsExactly("app.prometheus_port", "app.execution_mode");
    assertThat(result.unchanged()).containsExactly("gauge.kept");
  }

  private ExporterInstance instance(String qualifiedName) {
    return host.instances().stream()
        .filter(instance -> instance.qualifiedName().equals(qualifiedName))
        .findFirst()
        .orElseThrow();
  }
}
