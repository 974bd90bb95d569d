package dev.promonitor.core;

import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.testing.OtherGaugeExporter;
import dev.promonitor.core.testing.ThrowingConstructorExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.testing.ScriptedAsyncExporter;
import dev.promonitor.core.testing.ScriptedExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Configs built in code for host tests, as the config loader would build them. */
final class HostFixtures {

  static final ExporterCatalog CATALOG =
      ExporterCatalog.of(
          ScriptedExporter.class,
          ScriptedAsyncExporter.class,
          ThrowingConstructorExporter.class,
          HangingConstructorExporter.class,
          GaugeExporter.class,
          OtherGaugeExporter.class);

  private final List<ExporterEntry> entries = new ArrayList<>();
  private ExecutionMode mode = ExecutionMode.ASYNC;
  private int port;

  static HostFixtures config() {
    return new HostFixtures();
  }

  HostFixtures mode(ExecutionMode mode) {
    this.mode = mode;
    return this;
  }

  HostFixtures port(int port) {
    this.port = port;
    return this;
  }

  HostFixtures entry(String type, String name, boolean enabled, @Nullable Object config) {
    return entry(type, name, enabled, config, ExporterSchedule.every(Duration.ofSeconds(60)));
  }

  HostFixtures entry(
      String type, String name, boolean enabled, @Nullable Object config, ExporterSchedule schedule) {
    entries.add(
        EntrySource.entry(
            type,
            name,
            enabled,
            enabled ? CATALOG.find(type).orElseThrow() : null,
            config,
            schedule,
            Sharding.HASH,
            new EntrySource(
                entries.size(), new ConfigLocation("test.yml", 10 + entries.size() * 4, 5), Set.of())));
    return this;
  }

  /**
   * Waits until every instance of the host has finished a successful run, so that its metrics are
   * served; polls with a generous deadline.
   */
  static void awaitFirstSuccess(ExporterHost host) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!host.instances().stream()
        .allMatch(instance -> instance.stats().snapshot().successes() > 0)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not every exporter succeeded within 30 s");
      }
      Thread.sleep(5);
    }
  }

  MonitorConfig build() {
    return new MonitorConfig(
        "test.yml",
        AppSettings.builder().executionMode(mode).prometheusHost("127.0.0.1").prometheusPort(port).build(),
        LoggingSettings.defaults(),
        entries);
  }
}
