package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the client_java bridge and the Spring Boot starter build on: code beside a config, names the application serves. */
class ApplicationEmbeddingTest {

  private static final ExporterCatalog CATALOG = ExporterCatalog.of(GaugeExporter.class);

  private static MonitorConfig configWith(String name, GaugeExporter.Settings settings) {
    AppSettings app = AppSettings.defaults();
    ExporterEntry entry =
        EntrySource.entry(
            "gauge",
            name,
            true,
            CATALOG.find("gauge").orElseThrow(),
            settings,
            app.schedule(),
            Sharding.HASH,
            new EntrySource(0, new ConfigLocation("exporters.yml", 3, 5), Set.of()));
    return new MonitorConfig("exporters.yml", app, LoggingSettings.defaults(), List.of(entry));
  }

  @Test
  void exportersInCodeRunAfterTheEntriesOfALoadedConfig() throws Exception {
    GaugeExporter.Settings fromFile = new GaugeExporter.Settings("file_value", 1, new CountDownLatch(1));
    GaugeExporter.Settings inCode = new GaugeExporter.Settings("code_value", 2, new CountDownLatch(1));

    try (ExporterHost host =
        ExporterHost.builder()
            .config(configWith("from_file", fromFile))
            .exporter(GaugeExporter.class, "in_code", inCode)
            .build()) {
      assertThat(host.config().enabledExporters())
          .extracting(ExporterEntry::qualifiedName)
          .containsExactly("gauge.from_file", "gauge.in_code");
      assertThat(host.config().source()).isEqualTo("exporters.yml");
      host.start();

      assertThat(fromFile.exported().await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(inCode.exported().await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void anExporterInCodeWithTheTypeAndNameOfAConfigEntryIsAConfigProblem() {
    GaugeExporter.Settings settings = new GaugeExporter.Settings("value", 1, new CountDownLatch(1));

    assertThatThrownBy(
            () ->
                ExporterHost.builder()
                    .config(configWith("orders", settings))
                    .exporter(GaugeExporter.class, "orders", settings)
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "<code>: exporters[0]: duplicate exporter 'gauge.orders': exporters.yml or an earlier"
                + " exporter in code has one of that type and name");
  }

  @Test
  void aMetricNameThatTheApplicationServesAtStartFailsTheStart() {
    GaugeExporter.Settings settings = new GaugeExporter.Settings("taken_value", 1, new CountDownLatch(1));
    AtomicReference<Set<String>> served = new AtomicReference<>(Set.of());
    ExporterHost host =
        ExporterHost.builder()
            .exporter(GaugeExporter.class, "orders", settings)
            .applicationMetricNames(served::get)
            .build();
    // Registered by the application between the build and the start.
    served.set(Set.of("taken_value"));

    assertThatThrownBy(host::start)
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "metric 'taken_value' of exporter 'gauge.orders' is already served by the application's"
                + " registry");
    assertThat(settings.exported().getCount()).isEqualTo(1);
  }
}
