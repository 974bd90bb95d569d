package dev.promonitor.clientjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.ExporterException;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.AppSettings;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientJavaHostTest {

  private final PrometheusRegistry application = new PrometheusRegistry();

  @Test
  void exportersSeriesAndTheHostsOwnMetricsJoinTheApplicationsRegistry() throws Exception {
    Counter.builder().name("orders_placed").help("Orders.").register(application).inc();
    LatchedGaugeExporter.Settings settings = LatchedGaugeExporter.Settings.of("queue_depth_messages", 12);

    try (ClientJavaHost exporters =
        ClientJavaHost.start(
            ExporterHost.builder().exporter(LatchedGaugeExporter.class, "orders", settings),
            application)) {
      awaitRunOf(exporters, "orders", true);

      assertThat(scrapeText())
          .contains("orders_placed_total 1.0")
          .contains("queue_depth_messages 12.0")
          .contains("monitor_exporter_up{exporter=\"orders\"");
      assertThat(exporters.host().status()).hasSize(1);
    }
  }

  @Test
  void jvmMetricsAreLeftToTheApplication() {
    LatchedGaugeExporter.Settings settings = LatchedGaugeExporter.Settings.of("queue_depth_messages", 1);

    try (ClientJavaHost exporters =
        ClientJavaHost.start(
            ExporterHost.builder().exporter(LatchedGaugeExporter.class, "orders", settings),
            application)) {
      assertThat(names())
          .contains("monitor_build")
          .noneMatch(name -> name.startsWith("jvm_") || name.startsWith("process_"));
      assertThat(exporters.host().config().app().jvmMetrics()).isNull();
    }
  }

  @Test
  void aNameTheApplicationServesAlreadyFailsTheStartAndNothingStaysRunning() {
    Gauge.builder().name("queue_depth_messages").help("The application's own.").register(application);
    LatchedGaugeExporter.Settings settings = LatchedGaugeExporter.Settings.of("queue_depth_messages", 1);

    assertThatThrownBy(
            () ->
                ClientJavaHost.start(
                    ExporterHost.builder().exporter(LatchedGaugeExporter.class, "orders", settings),
                    application))
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "metric 'queue_depth_messages' of exporter 'latched_gauge.orders' is already served by"
                + " the application's registry");
    assertThat(settings.closes()).hasValue(1);
    assertThat(names()).containsExactly("queue_depth_messages");
  }

  @Test
  void aCounterClashesWithTheApplicationsMetricOfTheSameNameWithoutItsSuffix() {
    Gauge.builder().name("jobs").help("The application's own.").register(application);

    assertThatThrownBy(
            () ->
                ClientJavaHost.start(
                    ExporterHost.builder().exporter(CountingExporter.class, "jobs", null),
                    application))
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "metric 'jobs' of exporter 'counting.jobs' is already served by the application's"
                + " registry");
  }

  @Test
  void jvmMetricsTurnedOnThatTheApplicationServesTooFailTheStart() {
    Counter.builder().name("process_cpu_seconds").help("The application's own.").register(application);

    assertThatThrownBy(
            () ->
                ClientJavaHost.start(
                    ExporterHost.builder()
                        .app(AppSettings.builder().jvmMetrics(true).build())
                        .exporter(CountingExporter.class, "jobs", null),
                    application))
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "cannot join the application's PrometheusRegistry: it serves process_cpu_seconds"
                + " already, which promonitor serves too (app.jvm_metrics turns on the JVM metrics"
                + " of simpleclient's hotspot module)");
    assertThat(names()).containsExactly("process_cpu_seconds");
  }

  @Test
  void closeLeavesTheRegistryAndClosesEachExporterOnce() {
    LatchedGaugeExporter.Settings first = LatchedGaugeExporter.Settings.of("first_value", 1);
    LatchedGaugeExporter.Settings second = LatchedGaugeExporter.Settings.of("second_value", 2);
    ClientJavaHost exporters =
        ClientJavaHost.start(
            ExporterHost.builder()
                .exporter(LatchedGaugeExporter.class, "first", first)
                .exporter(LatchedGaugeExporter.class, "second", second),
            application);

    exporters.close();
    exporters.close();

    assertThat(first.closes()).hasValue(1);
    assertThat(second.closes()).hasValue(1);
    assertThat(names()).isEmpty();
    // The names are free again for the application.
    Gauge.builder().name("first_value").help("Now the application's.").register(application);
  }

  @Test
  void aFailingExporterIsReportedInTheHostsMetricsAndTheScrapeGoesOn() throws Exception {
    LatchedGaugeExporter.Settings settings = LatchedGaugeExporter.Settings.of("queue_depth_messages", 3);

    try (ClientJavaHost exporters =
        ClientJavaHost.start(
            ExporterHost.builder()
                .exporter(LatchedGaugeExporter.class, "orders", settings)
                .exporter(FailingExporter.class, "broken", null),
            application)) {
      awaitRunOf(exporters, "orders", true);
      awaitRunOf(exporters, "broken", false);

      assertThat(scrapeText())
          .contains("queue_depth_messages 3.0")
          .contains("monitor_exporter_up{exporter=\"broken\",type=\"failing\"} 0.0");
    }
  }

  /** Waits until the host has recorded a first run of the instance that succeeded or failed. */
  static void awaitRunOf(ClientJavaHost exporters, String name, boolean success)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporters.host().status().stream()
        .noneMatch(
            status ->
                status.name().equals(name)
                    && (success ? status.successes() : status.failures()) > 0)) {
      assertThat(System.nanoTime()).as("a recorded run of " + name).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private List<String> names() {
    return application.scrape().stream()
        .map(MetricSnapshot::getMetadata)
        .map(metadata -> metadata.getPrometheusName())
        .toList();
  }

  private String scrapeText() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, application.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
