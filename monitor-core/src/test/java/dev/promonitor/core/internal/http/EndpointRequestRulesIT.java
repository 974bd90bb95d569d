package dev.promonitor.core.internal.http;

import static dev.promonitor.core.internal.http.EndpointStarvationIT.exchange;
import static dev.promonitor.core.internal.http.EndpointStarvationIT.readResponse;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.config.WebConfig;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which methods each path answers, cross-site posts, the rate limit and the response forms. */
class EndpointRequestRulesIT {

  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger reloads = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private void start(WebConfig web) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge gauge = Gauge.build("rule_value", "A value.").labelNames("i").register(registry);
    for (int i = 0; i < 3000; i++) {
      gauge.labels(Integer.toString(i)).set(i);
    }
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            "test",
            web,
            StatusSource.of("async", List::of),
            Limits.defaults(4),
            clock::get);
    endpoint.addHandler(
        "/-/reload",
        exchange -> {
          reloads.incrementAndGet();
          MetricsEndpoint.respondText(exchange, 200, "Reloaded\n");
        });
  }

  private String send(String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", endpoint.address().getPort());
    socket.setSoTimeout(30_000);
    sockets.add(socket);
    return exchange(socket, request);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/metrics", "/-/healthy", "/", "/status", "/api/v1/exporters"})
  void readPathsAnswerOtherMethodsWith405AndAllow(String path) throws IOException {
    start(WebConfig.none());

    for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "OPTIONS")) {
      assertThat(send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
          .startsWith("HTTP/1.1 405 ")
          .contains("Allow: GET, HEAD");
    }
    assertThat(send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("\r\n\r\n");
  }

  @Test
  void aReloadPostedByAFormOfAnotherSiteIsRefused() throws IOException {
    start(WebConfig.none());

    String textPlain =
        send("POST /-/reload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\na=b");
    String form =
        send("POST /-/reload HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n");
    String otherOrigin =
        send("POST /-/reload HTTP/1.1\r\nHost: x:8000\r\nOrigin: http://evil.example\r\n\r\n");
    String fetchedCrossSite =
        send("POST /-/reload HTTP/1.1\r\nHost: x\r\nSec-Fetch-Site: cross-site\r\n\r\n");

    assertThat(List.of(textPlain, form, otherOrigin, fetchedCrossSite))
        .allSatisfy(response -> assertThat(response).startsWith("HTTP/1.1 403 "));
    assertThat(reloads).hasValue(0);
  }

  @Test
  void aReloadPostedByCurlOrTheSameOriginIsServed() throws IOException {
    start(WebConfig.none());

    assertThat(send("POST /-/reload HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(send("POST /-/reload HTTP/1.1\r\nHost: x:8000\r\nOrigin: http://x:8000\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(reloads).hasValue(2);
  }

  @Test
  void requestsPastTheRateLimitGet429UntilATokenIsBack() throws IOException {
    start(WebConfig.builder().rateLimit(new WebConfig.RateLimit(Duration.ofSeconds(10), 2)).build());

    assertThat(send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 429 ");

    clock.addAndGet(Duration.ofSeconds(10).toNanos());

    assertThat(send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void gzipScrapesAreChunkedAndDecompressToTheSameText() throws IOException {
    start(WebConfig.none());
    String plain = send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    Socket socket = new Socket("127.0.0.1", endpoint.address().getPort());
    sockets.add(socket);
    socket.getOutputStream()
        .write("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n".getBytes(ISO_8859_1));

    InputStream in = socket.getInputStream();
    String head = readResponse(in);
    byte[] body = dechunk(in);

    assertThat(head).contains("Transfer-Encoding: chunked").contains("Content-Encoding: gzip");
    String text = new String(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(), UTF_8);
    assertThat(text).isEqualTo(plain.substring(plain.indexOf("\r\n\r\n") + 4));
    assertThat(text).contains("rule_value{i=\"2999\",} 2999.0");
  }

  @Test
  void openMetricsIsServedWhenAskedFor() throws IOException {
    start(WebConfig.none());

    assertThat(send("GET /metrics HTTP/1.1\r\nHost: x\r\n"
            + "Accept: application/openmetrics-text; version=1.0.0\r\n\r\n"))
        .contains("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8")
        .endsWith("# EOF\n");
  }

  @Test
  void malformedHeadsGet400AndUnsupportedVersions505() throws IOException {
    start(WebConfig.none());

    assertThat(send("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(send("GET /metrics HTTP/2.0\r\n\r\n")).startsWith("HTTP/1.1 505 ");
    assertThat(send("GET /metrics HTTP/1.1\r\nBad Header: x\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(send("GET /metrics HTTP/1.1\r\nX: " + "a".repeat(Limits.MAX_HEAD_BYTES) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431 ");
  }

  /** Reads a chunked body up to its last chunk. */
  private static byte[] dechunk(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        line.append((char) b);
      }
      int size = Integer.parseInt(line.toString().strip(), 16);
      if (size == 0) {
        in.read();
        in.read();
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      in.read();
      in.read();
    }
  }
}
