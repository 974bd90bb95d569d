package dev.promonitor.clientjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterHost;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application that serves its registry with client_java's own HTTPServer, as its docs show. */
class PlainHttpServerApplicationIT {

  @Test
  void theApplicationsEndpointServesTheExportersBesideItsOwnMetrics(@TempDir Path dir)
      throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests =
        Counter.builder().name("http_requests").help("Requests served.").register(registry);
    requests.inc(3);
    Path config = dir.resolve("exporters.yml");
    Files.writeString(
        config,
        """
        exporters:
          - type: counting
            name: jobs
        """);

    try (HTTPServer server = HTTPServer.builder().port(0).registry(registry).buildAndStart();
        ClientJavaHost exporters =
            ClientJavaHost.start(ExporterHost.builder().configFile(config), registry)) {
      ClientJavaHostTest.awaitRunOf(exporters, "jobs", true);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("http_requests_total 3.0")
          .containsPattern("(?m)^jobs_total [1-9]")
          .contains("monitor_exporter_up{exporter=\"jobs\",type=\"counting\"} 1.0");
      assertThat(exporters.host().httpAddress()).isEmpty();
    }
  }
}
