package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /-/ready} on a real loopback socket. */
class ReadyEndpointIT {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private ExporterHost host;

  @AfterEach
  void closeHost() {
    release.countDown();
    if (host != null) {
      host.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + host.httpAddress().orElseThrow().getPort() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void notReadyUntilEveryExporterFinishedItsFirstRunThenReadyWhetherItFailedOrNot()
      throws Exception {
    host =
        ExporterHost.builder()
            .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(0).build())
            .exporter(
                ScriptedExporter.class,
                "failing",
                Script.exporting(
                    () -> {
                      throw new IOException("backend down");
                    }),
                ExporterSchedule.every(Duration.ofSeconds(60)))
            .exporter(
                ScriptedExporter.class,
                "slow",
                Script.exporting(
                    () -> {
                      slowStarted.countDown();
                      release.await();
                    }),
                ExporterSchedule.every(Duration.ofSeconds(60)))
            .serveHttp(true)
            .build();
    host.start();
    assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> waiting = get("/-/ready");
    assertThat(waiting.statusCode()).isEqualTo(503);
    assertThat(waiting.body()).matches("Not ready: [12] of 2 exporter\\(s\\) have not finished their first run\n");
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> ready = get("/-/ready");
    while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      ready = get("/-/ready");
    }
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("Ready\n");
    assertThat(get("/").body()).contains("href=\"-/ready\"");
  }

  @Test
  void hostWithoutExportersIsReadyAtOnce() throws Exception {
    host =
        ExporterHost.builder()
            .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(0).build())
            .serveHttp(true)
            .build();
    host.start();

    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
  }
}
