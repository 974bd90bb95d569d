package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.GaugeExporter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.testing.Script;
import dev.promonitor.core.testing.ScriptedExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status page's files and its JSON API, on a real loopback socket. */
class StatusApiIT {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private ExporterHost host;

  @BeforeEach
  void startHost() {
    host =
        ExporterHost.builder()
            .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(0).build())
            .exporter(
                GaugeExporter.class,
                "healthy",
                new GaugeExporter.Settings("status_value", 1, new CountDownLatch(1)),
                ExporterSchedule.every(Duration.ofSeconds(60)))
            .exporter(
                ScriptedExporter.class,
                "broken",
                Script.exporting(
                    () -> {
                      throw new IOException("cannot reach https://monitor:hunter2@db.internal/ (token=abc)");
                    }),
                ExporterSchedule.every(Duration.ofSeconds(60)))
            .serveHttp(true)
            .build();
    host.start();
  }

  @AfterEach
  void closeHost() {
    host.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.httpAddress().orElseThrow().getPort() + path));
  }

  /** Polls the API until both exporters have run once. */
  private JsonNode afterFirstRuns() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      JsonNode root = mapper.readTree(send(request("/api/v1/exporters")).body());
      boolean ran = true;
      for (JsonNode exporter : root.get("exporters")) {
        ran &= !exporter.get("last_run_end").isNull() && !"running".equals(exporter.get("state").asText());
      }
      if (ran) {
        return root;
      }
      assertThat(System.nanoTime()).as("both exporters ran within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void apiAnswersEveryExporterInTheDocumentedSchema() throws Exception {
    HttpResponse<String> response = send(request("/api/v1/exporters"));
    JsonNode root = afterFirstRuns();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(root.get("version").asText()).isEqualTo(Version.current());
    assertThat(root.get("mode").asText()).isEqualTo("async");
    assertThat(Instant.parse(root.get("generated_at").asText())).isCloseTo(Instant.now(), within(60));
    assertThat(root.get("exporters")).hasSize(2);

    JsonNode healthy = root.get("exporters").get(0);
    assertThat(healthy.get("type").asText()).isEqualTo("gauge");
    assertThat(healthy.get("name").asText()).isEqualTo("healthy");
    assertThat(healthy.get("state").asText()).isEqualTo("up");
    assertThat(healthy.get("interval_seconds").asInt()).isEqualTo(60);
    assertThat(healthy.get("timeout_seconds").asInt()).isEqualTo(60);
    assertThat(healthy.get("last_run_duration_seconds").isNumber()).isTrue();
    assertThat(healthy.get("last_success").asText()).isEqualTo(healthy.get("last_run_end").asText());
    assertThat(Instant.parse(healthy.get("next_run").asText()))
        .isAfter(Instant.parse(healthy.get("last_run_end").asText()));
    assertThat(healthy.get("consecutive_failures").asInt()).isZero();
    assertThat(healthy.get("last_error").isNull()).isTrue();
    assertThat(healthy.get("runs").toString()).isEqualTo("{\"success\":1,\"failure\":0,\"timeout\":0}");
    assertThat(healthy.get("skipped_runs").asInt()).isZero();
    assertThat(healthy.get("series").asInt()).isEqualTo(1);

    JsonNode broken = root.get("exporters").get(1);
    assertThat(broken.get("type").asText()).isEqualTo("scripted");
    assertThat(broken.get("name").asText()).isEqualTo("broken");
    assertThat(broken.get("state").asText()).isEqualTo("failing");
    assertThat(broken.get("last_success").isNull()).isTrue();
    assertThat(broken.get("consecutive_failures").asInt()).isEqualTo(1);
    assertThat(broken.get("last_error").asText())
        .isEqualTo("java.io.IOException: cannot reach https://monitor:****@db.internal/ (token=****)");
    assertThat(broken.get("runs").toString()).isEqualTo("{\"success\":0,\"failure\":1,\"timeout\":0}");
    assertThat(broken.get("series").asInt()).isZero();
  }

  private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
    return org.assertj.core.api.Assertions.within(seconds, java.time.temporal.ChronoUnit.SECONDS);
  }

  @Test
  void statusPageIsHtmlWithRelativeLinksToItsOwnFiles() throws Exception {
    HttpResponse<String> page = send(request("/status"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
    assertThat(page.body())
        .contains("href=\"static/status.css\"", "src=\"static/status.js\"", "href=\"api/v1/exporters\"")
        .contains("version <span class=\"version\">" + Version.current() + "</span>")
        .doesNotContain("href=\"/", "src=\"/", "http://", "https://");
  }

  @Test
  void staticFilesHaveTheirTypesAndCanBeRevalidated() throws Exception {
    HttpResponse<String> css = send(request("/static/status.css"));
    HttpResponse<String> js = send(request("/static/status.js"));

    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    assertThat(js.body()).contains("fetch(\"api/v1/exporters\"").doesNotContain("innerHTML");
    String etag = js.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = send(request("/static/status.js").header("If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void landingPageLinksEveryEndpointAndAnswersHead() throws Exception {
    HttpResponse<String> landing = send(request("/"));
    HttpResponse<String> head = send(request("/").method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(landing.body())
        .contains(
            "<a href=\"metrics\">/metrics</a>",
            "<a href=\"status\">/status</a>",
            "<a href=\"api/v1/exporters\">/api/v1/exporters</a>",
            "<a href=\"-/healthy\">/-/healthy</a>",
            Version.current());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void otherMethodsAreRefusedAndOtherPathsAreNotFound() throws Exception {
    HttpResponse<String> post =
        send(request("/api/v1/exporters").POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(send(request("/status/extra")).statusCode()).isEqualTo(404);
    assertThat(send(request("/static/other.js")).statusCode()).isEqualTo(404);
    assertThat(send(request("/api/v1/exporters/healthy")).statusCode()).isEqualTo(404);
    assertThat(send(request("/-/healthy")).statusCode()).isEqualTo(200);
  }
}
