package dev.promonitor.clientjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterHost;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The recipe of docs/inside-an-application.md for Micrometer without Spring, step by step. */
class MicrometerRecipeTest {

  @Test
  void aPrometheusMeterRegistryScrapesTheExportersBesideItsMeters() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters.counter("orders.placed").increment(2);
    LatchedGaugeExporter.Settings settings = LatchedGaugeExporter.Settings.of("queue_depth_messages", 7);

    try (ClientJavaHost exporters =
        ClientJavaHost.start(
            ExporterHost.builder().exporter(LatchedGaugeExporter.class, "orders", settings),
            meters.getPrometheusRegistry())) {
      ClientJavaHostTest.awaitRunOf(exporters, "orders", true);

      assertThat(meters.scrape())
          .contains("orders_placed_total 2.0")
          .contains("queue_depth_messages 7.0")
          .contains("monitor_exporter_up{exporter=\"orders\",type=\"latched_gauge\"} 1.0");
    }
    assertThat(meters.scrape()).doesNotContain("queue_depth_messages");
    meters.close();
  }
}
