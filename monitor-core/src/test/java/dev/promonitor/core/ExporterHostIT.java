package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.testing.Script;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's HTTP endpoint, on a real loopback socket. */
class ExporterHostIT {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<ExporterHost> hosts = new ArrayList<>();

  @AfterEach
  void closeHosts() {
    hosts.forEach(ExporterHost::close);
  }

  private ExporterHost start(HostFixtures fixtures) {
    ExporterHost host = ExporterHost.builder().config(fixtures.build()).serveHttp(true).build();
    hosts.add(host);
    host.start();
    return host;
  }

  private HttpResponse<String> get(ExporterHost host, String path) throws Exception {
    InetSocketAddress address = host.httpAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsOfEveryExporterAreServedOnTheMetricsPath() throws Exception {
    CountDownLatch exported = new CountDownLatch(2);
    ExporterHost host =
        start(
            HostFixtures.config()
                .entry("gauge", "one", true, registering("first_value", 1.5, exported))
                .entry("gauge", "two", true, registering("second_value", 2.5, exported)));
    HostFixtures.awaitFirstSuccess(host);

    HttpResponse<String> response = get(host, "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("# TYPE first_value gauge\nfirst_value 1.5\n")
        .contains("# TYPE second_value gauge\nsecond_value 2.5\n");
  }

  @Test
  void healthAndLandingPageAnswerAndOtherPathsAreNotFound() throws Exception {
    ExporterHost host = start(HostFixtures.config());

    assertThat(get(host, "/-/healthy").statusCode()).isEqualTo(200);
    HttpResponse<String> landing = get(host, "/");
    assertThat(landing.statusCode()).isEqualTo(200);
    assertThat(landing.body()).contains("<a href=\"metrics\">/metrics</a>");
    assertThat(get(host, "/favicon.ico").statusCode()).isEqualTo(404);
    assertThat(get(host, "/metrics/extra").statusCode()).isEqualTo(404);
  }

  @Test
  void portInUseIsAClearErrorAndNoExporterStarts() throws Exception {
    AtomicInteger initialized = new AtomicInteger();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ExporterHost host =
          ExporterHost.builder()
              .config(
                  HostFixtures.config()
                      .port(taken.getLocalPort())
                      .entry("scripted", "one", true, Script.exporting(() -> {}).withInit(initialized::incrementAndGet))
                      .build())
              .serveHttp(true)
              .build();
      hosts.add(host);

      assertThatThrownBy(host::start)
          .isInstanceOf(EndpointException.class)
          .hasMessage("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
      host.close();
    }
    assertThat(initialized).hasValue(0);
  }

  @Test
  void twoHostsLiveSideBySideInOneJvm() throws Exception {
    CountDownLatch exported = new CountDownLatch(2);
    ExporterHost first = start(HostFixtures.config().entry("gauge", "a", true, registering("host_value", 1, exported)));
    ExporterHost second = start(HostFixtures.config().entry("gauge", "a", true, registering("host_value", 2, exported)));
    HostFixtures.awaitFirstSuccess(first);
    HostFixtures.awaitFirstSuccess(second);

    assertThat(get(first, "/metrics").body()).contains("host_value 1.0\n");
    assertThat(get(second, "/metrics").body()).contains("host_value 2.0\n");
  }

  private static GaugeExporter.Settings registering(String name, double value, CountDownLatch exported) {
    return new GaugeExporter.Settings(name, value, exported);
  }
}
