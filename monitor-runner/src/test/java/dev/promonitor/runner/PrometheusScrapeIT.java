package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scrapes the runner jar, and its
 * {@code promtool} lints our {@code /metrics}. Skipped where the package is not installed.
 */
class PrometheusScrapeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();
  private int runnerPort;

  /** Starts the runner jar with a plugin exporter; called after the tool was found. */
  private void startRunner() throws Exception {
    Path exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            app:
              export_interval_seconds: 1
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
              - type: it_gauge
                config:
                  labels: [a, b]
                  value: 2.5
            """);
    ExternalProcesses.Started runner =
        processes.start(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file", config.toString(), "--exporters-dir", exportersDir.toString()));
    runnerPort = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private static Path required(String program) {
    Optional<Path> found = ExternalProcesses.onPath(program);
    assumeTrue(
        found.isPresent(),
        program + " is not installed; apt-get install prometheus to run this test");
    return found.orElseThrow();
  }

  @Test
  void prometheusScrapesTheRunnerAndCanQueryAnExportersSeries() throws Exception {
    Path prometheus = required("prometheus");
    startRunner();
    int prometheusPort = ExternalProcesses.freePort();
    Path prometheusConfig =
        Files.writeString(
            work.resolve("prometheus.yml"),
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: promonitor
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """
                .formatted(runnerPort));
    processes.start(
        work,
        List.of(
            prometheus.toString(),
            "--config.file=" + prometheusConfig,
            "--storage.tsdb.path=" + work.resolve("tsdb"),
            "--web.listen-address=127.0.0.1:" + prometheusPort));
    String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";

    HttpResponse<String> targets =
        processes.awaitHttp(api + "targets", response -> activeTargetHealth(response).equals("up"));
    JsonNode target = JSON.readTree(targets.body()).at("/data/activeTargets/0");
    assertThat(target.at("/labels/job").asText()).isEqualTo("promonitor");
    assertThat(target.at("/scrapeUrl").asText())
        .isEqualTo("http://127.0.0.1:" + runnerPort + "/metrics");
    assertThat(target.at("/lastError").asText()).isEmpty();

    String query = URLEncoder.encode("it_plugin_value{label=\"b\"}", StandardCharsets.UTF_8);
    HttpResponse<String> result =
        processes.awaitHttp(
            api + "query?query=" + query, response -> resultCount(response) == 1);
    JsonNode series = JSON.readTree(result.body()).at("/data/result/0");
    assertThat(series.at("/metric/job").asText()).isEqualTo("promonitor");
    assertThat(series.at("/metric/label").asText()).isEqualTo("b");
    assertThat(series.at("/value/1").asText()).isEqualTo("2.5");
  }

  @Test
  void promtoolFindsNoProblemInTheMetricsOutput() throws Exception {
    Path promtool = required("promtool");
    startRunner();
    String metrics =
        processes
            .awaitHttp(
                "http://127.0.0.1:" + runnerPort + "/metrics",
                response -> response.body().contains("it_plugin_value{label=\"b\",} 2.5"))
            .body();

    ExternalProcesses.Finished check =
        processes.run(work, List.of(promtool.toString(), "check", "metrics"), metrics);

    assertThat(check.stdout() + check.stderr()).isEmpty();
    assertThat(check.exitCode()).isZero();
  }

  private static String activeTargetHealth(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body()).at("/data/activeTargets/0/health").asText();
    } catch (IOException e) {
      return "";
    }
  }

  private static int resultCount(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body()).at("/data/result").size();
    } catch (IOException e) {
      return 0;
    }
  }
}
