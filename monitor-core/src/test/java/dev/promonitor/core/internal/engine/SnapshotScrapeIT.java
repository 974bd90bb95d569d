package dev.promonitor.core.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.http.MetricsEndpoint;
import dev.promonitor.core.internal.http.StatusSource;
import dev.promonitor.core.testing.Script;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics serves the instances' snapshots from their rendered bytes, in every format. */
class SnapshotScrapeIT {

  private static final TaskTimer TIMER = new SystemTaskTimer("test-timer");

  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger value = new AtomicInteger(1);
  private final List<ExporterInstance> instances = new ArrayList<>();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    for (String name : List.of("a", "b")) {
      Gauge[] gauge = new Gauge[1];
      ExporterInstance instance =
          Instances.blocking(
              name, Script.exporting(() -> gauge[0].set(value.get())), Duration.ofSeconds(1), TIMER);
      gauge[0] = Gauge.build("scraped_value", "A value.").register(instance.registry());
      Counter.build("scraped_requests_total", "Requests.").register(instance.registry()).inc();
      instances.add(instance);
      runOnce(instance);
    }
    registry.register(new InstancesCollector(() -> instances));
    registry.register(new HostMetricsCollector(() -> instances, () -> 0, new ReloadStatus(0), "test"));
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            "test",
            WebConfig.none(),
            StatusSource.of("sync", List::of));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private static void runOnce(ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    instance.runBlocking(ThreadAbandonment.NONE);
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * simpleclient's rendering of the instances' families merged with the per-instance host metrics
   * (their {@code _created} gauges after both), then of the host-wide ones: the order in which a
   * scrape of bytes writes them.
   */
  private String expected(String contentType) throws IOException {
    List<MetricFamilySamples> snapshots = new InstancesCollector(() -> instances).collect();
    List<MetricFamilySamples> host =
        new HostMetricsCollector(() -> instances, () -> 0, new ReloadStatus(0), "test").collect();
    List<MetricFamilySamples> perInstance = host.subList(0, 7);
    List<MetricFamilySamples> hostWide = host.subList(7, host.size());
    StringWriter text = new StringWriter();
    if (contentType.equals(TextFormat.CONTENT_TYPE_004)) {
      List<MetricFamilySamples> asBytes = new ArrayList<>(snapshots);
      asBytes.addAll(perInstance);
      TextFormat.write004(text, Collections.enumeration(asBytes));
      TextFormat.write004(text, Collections.enumeration(hostWide));
    } else {
      List<MetricFamilySamples> all = new ArrayList<>(snapshots);
      all.addAll(host);
      TextFormat.writeOpenMetrics100(text, Collections.enumeration(all));
    }
    return text.toString();
  }

  @Test
  void aPlainScrapeIsWhatSimpleclientRendersWithALength() throws Exception {
    HttpResponse<byte[]> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), UTF_8)).isEqualTo(expected(TextFormat.CONTENT_TYPE_004));
    assertThat(response.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(response.body().length));
  }

  @Test
  void anOpenMetricsScrapeHasOneFamilyPerNameAndEndsWithEof() throws Exception {
    HttpResponse<byte[]> response =
        get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

    String body = new String(response.body(), UTF_8);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    assertThat(body).isEqualTo(expected(TextFormat.CONTENT_TYPE_OPENMETRICS_100));
    assertThat(body).containsOnlyOnce("# TYPE scraped_value gauge").endsWith("\n# EOF\n");
  }

  @Test
  void aGzipScrapeDecompressesToThePlainOne() throws Exception {
    String plain = new String(get("/metrics").body(), UTF_8);

    HttpResponse<byte[]> response = get("/metrics", "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] decompressed =
        new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
    assertThat(new String(decompressed, UTF_8)).isEqualTo(plain);
  }

  @Test
  void aScrapeAfterTheNextRunServesItsValues() throws Exception {
    assertThat(new String(get("/metrics").body(), UTF_8)).contains("scraped_value 1.0");

    value.set(2);
    runOnce(instances.get(0));

    String body = new String(get("/metrics").body(), UTF_8);
    assertThat(body).containsOnlyOnce("scraped_value 2.0").containsOnlyOnce("scraped_value 1.0");
    assertThat(body)
        .contains("monitor_exporter_runs_total{exporter=\"a\",type=\"scripted\",result=\"success\",} 2.0")
        .contains("monitor_exporter_runs_total{exporter=\"b\",type=\"scripted\",result=\"success\",} 1.0");
    assertThat(body).isEqualTo(expected(TextFormat.CONTENT_TYPE_004));
  }

  @Test
  void aFilteredScrapeServesOnlyTheNamedSeriesOfSnapshotsAndRegistry() throws Exception {
    String body =
        new String(get("/metrics?name[]=scraped_value&name[]=monitor_abandoned_threads").body(), UTF_8);

    // the registry's collectors come in no fixed order when filtered
    assertThat(body)
        .contains(
            "# HELP scraped_value A value.\n# TYPE scraped_value gauge\n"
                + "scraped_value 1.0\nscraped_value 1.0\n")
        .contains("\nmonitor_abandoned_threads 0.0\n")
        .doesNotContain("scraped_requests")
        .doesNotContain("monitor_exporter_up");
  }

  @Test
  void aHeadScrapeHasNoBody() throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }
}
