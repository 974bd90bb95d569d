package dev.promonitor.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promonitor.core.ExporterException;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.springboot.it.app.ItApplication;
import dev.promonitor.springboot.it.ownhost.OwnHostApplication;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.SmartLifecycle;

/**
 * A real Spring Boot application (web, actuator, micrometer-registry-prometheus) with the starter,
 * on a free port; run by the module of each Spring Boot line.
 */
class SpringBootStarterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CONFIG =
      """
      exporters:
        - type: it_queue
          name: orders
          config:
            queues: [orders]
      """;

  @TempDir Path dir;

  @BeforeEach
  void forgetCloses() {
    QueueExporter.CLOSES.clear();
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void prometheusEndpointServesTheExportersSeriesBesideTheApplicationsOwn() throws Exception {
    Path config = write("exporters.yml", CONFIG);

    try (RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config)) {
      app.awaitFirstRuns();
      HttpResponse<String> response = app.get("/actuator/prometheus");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .as("on Spring Boot " + SpringBootVersion.getVersion())
          .contains("orders_placed_total 5.0")
          .contains("it_queue_depth_messages{queue=\"orders\"} 12.0")
          .contains("it_queue_depth_messages{queue=\"invoices\"} 3.0")
          .contains("monitor_exporter_up{exporter=\"orders\",type=\"it_queue\"} 1.0")
          .contains("monitor_exporter_up{exporter=\"billing\",type=\"it_queue\"} 1.0")
          .contains("jvm_memory_used_bytes")
          .doesNotContain("jvm_memory_bytes_used");
      assertThat(app.get("/order").body()).isEqualTo("ordered");
      assertThat(app.get("/actuator/prometheus").body()).contains("orders_placed_total 6.0");
    }
  }

  @Test
  void healthShowsTheContributorWithEachExporter() throws Exception {
    Path config = write("exporters.yml", CONFIG);

    try (RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config)) {
      app.awaitFirstRuns();
      HttpResponse<String> health = app.get("/actuator/health");

      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode promonitor = JSON.readTree(health.body()).path("components").path("promonitor");
      assertThat(promonitor.path("status").asText()).isEqualTo("UP");
      JsonNode orders = promonitor.path("details").path("it_queue.orders");
      assertThat(orders.path("state").asText()).isEqualTo("up");
      assertThat(Instant.parse(orders.path("lastSuccess").asText())).isBefore(Instant.now());
      assertThat(orders.path("lastError").isNull()).isTrue();
      assertThat(orders.path("consecutiveFailures").asInt()).isZero();
      assertThat(promonitor.path("details").path("it_queue.billing").path("state").asText())
          .isEqualTo("up");
    }
  }

  @Test
  void aFailingExporterIsShownMaskedAndLeavesTheApplicationUp() throws Exception {
    Path config =
        write(
            "exporters.yml",
            CONFIG + """
              - type: it_failing
                name: broken
            """);

    try (RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config)) {
      app.awaitFirstRuns();
      HttpResponse<String> health = app.get("/actuator/health");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).doesNotContain("hunter2");
      JsonNode promonitor = JSON.readTree(health.body()).path("components").path("promonitor");
      assertThat(promonitor.path("status").asText()).isEqualTo("UP");
      JsonNode broken = promonitor.path("details").path("it_failing.broken");
      assertThat(broken.path("state").asText()).isEqualTo("failing");
      assertThat(broken.path("lastSuccess").isNull()).isTrue();
      assertThat(broken.path("lastError").asText())
          .isEqualTo("java.io.IOException: login refused: password=****");
      assertThat(broken.path("consecutiveFailures").asInt()).isPositive();
    }
  }

  @Test
  void aFailingExporterMakesTheApplicationDownWhenThePropertySaysSo() throws Exception {
    Path config = write("exporters.yml", "exporters:\n  - type: it_failing\n    name: broken\n");

    try (RunningApplication app =
        RunningApplication.start(
            ItApplication.class,
            "promonitor.config-file=" + config,
            "promonitor.health.down-on-failure=true")) {
      app.awaitFirstRuns();
      HttpResponse<String> health = app.get("/actuator/health");

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(health.body()).path("components").path("promonitor").path("status").asText())
          .isEqualTo("DOWN");
    }
  }

  @Test
  void theStatusEndpointServesTheStatusApiDocument() throws Exception {
    Path config = write("exporters.yml", CONFIG);

    try (RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config)) {
      app.awaitFirstRuns();
      HttpResponse<String> status = app.get("/actuator/promonitor");

      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
      JsonNode document = JSON.readTree(status.body());
      assertThat(document.path("mode").asText()).isEqualTo("async");
      assertThat(document.path("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
      JsonNode orders = document.path("exporters").path(0);
      assertThat(orders.path("type").asText()).isEqualTo("it_queue");
      assertThat(orders.path("name").asText()).isEqualTo("orders");
      assertThat(orders.path("state").asText()).isEqualTo("up");
      assertThat(orders.path("interval_seconds").toString()).isEqualTo("60");
      assertThat(orders.path("runs").path("success").asLong()).isEqualTo(1);
      assertThat(orders.path("series").asInt()).isEqualTo(1);
      JsonNode billing = document.path("exporters").path(1);
      assertThat(billing.path("name").asText()).isEqualTo("billing");
      assertThat(billing.path("interval_seconds").toString()).isEqualTo("30");
    }
  }

  @Test
  void aBrokenConfigStopsTheStartWithTheFileLineAndKey() throws Exception {
    Path config =
        write(
            "exporters.yml",
            """
            exporters:
              - type: it_queue
                name: orders
                config:
                  queus: [orders]
            """);

    assertThatThrownBy(
            () -> RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config))
        .rootCause()
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(config + ":5:7: exporters[0].config.queus: unknown key");
    assertThat(QueueExporter.CLOSES).isEmpty();
  }

  @Test
  void anExporterMetricNamedAsOneOfTheApplicationsStopsTheStart() throws Exception {
    Path config = write("exporters.yml", "exporters:\n  - type: it_clashing\n    name: orders\n");

    assertThatThrownBy(
            () -> RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config))
        .rootCause()
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "metric 'orders_placed' of exporter 'it_clashing.orders' is already served by the"
                + " application's registry");
    assertThat(QueueExporter.CLOSES).containsOnlyKeys("billing");
  }

  @Test
  void closingTheContextClosesEachExporterOnce() throws Exception {
    Path config = write("exporters.yml", CONFIG);
    RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.config-file=" + config);
    app.awaitFirstRuns();

    app.close();

    assertThat(QueueExporter.CLOSES).containsOnlyKeys("orders", "billing");
    assertThat(QueueExporter.CLOSES.get("orders")).hasValue(1);
    assertThat(QueueExporter.CLOSES.get("billing")).hasValue(1);
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnHost() throws Exception {
    try (RunningApplication app = RunningApplication.start(OwnHostApplication.class)) {
      assertThat(app.context().getBeansOfType(ExporterHost.class)).containsOnlyKeys("ownExporterHost");
      assertThat(app.context().getBeansOfType(SmartLifecycle.class).keySet())
          .noneMatch(name -> name.startsWith("promonitor"));
      JsonNode health = JSON.readTree(app.get("/actuator/health").body());
      assertThat(health.path("components").path("promonitor").path("details").path("it_queue.own").path("state").asText())
          .isEqualTo("pending");
    }
  }

  @Test
  void disabledByProperty() throws Exception {
    try (RunningApplication app =
        RunningApplication.start(ItApplication.class, "promonitor.enabled=false")) {
      assertThat(app.context().getBeansOfType(ExporterHost.class)).isEmpty();
      assertThat(app.get("/actuator/health").body()).doesNotContain("promonitor");
    }
  }
}
