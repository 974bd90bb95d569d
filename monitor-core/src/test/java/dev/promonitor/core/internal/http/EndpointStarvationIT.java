package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.testing.TestCertificates;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send slowly, not at all, or too much at once never keep a scrape from its answer. */
class EndpointStarvationIT {

  private static final int SLOW_CLIENTS = 500;
  /** So long that no test passes because a deadline closed the slow clients. */
  private static final Duration NEVER = Duration.ofHours(1);

  @TempDir static Path certificateDirectory;
  private static TestCertificates certificates;

  @TempDir Path directory;
  private final AtomicLong clock = new AtomicLong();
  private final List<Socket> sockets = new ArrayList<>();
  private MetricsEndpoint endpoint;

  @BeforeAll
  static void generateCertificates() throws IOException, InterruptedException {
    certificates = TestCertificates.generate(certificateDirectory);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private void start(WebConfig web, Limits limits) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.build("starved_value", "A value that must stay reachable.").register(registry).set(3);
    start(web, limits, registry);
  }

  private void start(WebConfig web, Limits limits, CollectorRegistry registry) throws IOException {
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            "test",
            web,
            StatusSource.of("async", List::of),
            limits,
            clock::get);
  }

  private WebConfig tls() throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(
        file,
        "tls_server_config:\n"
            + "  cert_file: " + certificates.file("server.crt") + "\n"
            + "  key_file: " + certificates.file("server.key") + "\n");
    return ConfigLoader.builder()
        .catalog(ExporterCatalog.of())
        .environment(Map.of())
        .build()
        .loadWebConfig(file);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", endpoint.address().getPort());
    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
    sockets.add(socket);
    return socket;
  }

  private HttpResponse<String> scrape(String scheme, SSLContext context) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    URI uri = URI.create(scheme + "://localhost:" + endpoint.address().getPort() + "/metrics");
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request on a socket and reads one response: its status line, headers and body. */
  static String exchange(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(ISO_8859_1));
    out.flush();
    return readResponse(socket.getInputStream());
  }

  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(ISO_8859_1);
      }
      head.write(b);
    }
    String text = head.toString(ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return text + new String(in.readNBytes(length), ISO_8859_1);
  }

  @Test
  void fiveHundredUnfinishedHeadsDoNotKeepAScrapeFromItsAnswer() throws Exception {
    start(WebConfig.none(), Limits.defaults(4).withHeadTimeout(NEVER));
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = connect();
      if (i % 2 == 0) {
        socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(ISO_8859_1));
      }
    }

    HttpResponse<String> response = scrape("http", SSLContext.getDefault());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("starved_value 3.0");
  }

  @Test
  void fiveHundredUnfinishedTlsHandshakesDoNotKeepAScrapeFromItsAnswer() throws Exception {
    start(tls(), Limits.defaults(4).withHeadTimeout(NEVER));
    // a TLS record header announcing a 512-byte ClientHello, and its first bytes only
    byte[] partialClientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03};
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = connect();
      if (i % 2 == 0) {
        socket.getOutputStream().write(partialClientHello);
      }
    }

    HttpResponse<String> response = scrape("https", certificates.clientContext(false));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("starved_value 3.0");
  }

  @Test
  void aHeadThatMissesItsDeadlineClosesTheConnection() throws Exception {
    start(WebConfig.none(), Limits.defaults(4).withHeadTimeout(Duration.ofSeconds(10)));
    CountDownLatch read = new CountDownLatch(1);
    endpoint.front().afterRead(connection -> {
      if (connection.received.position() > 0) {
        read.countDown();
      }
    });
    Socket slow = connect();
    slow.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(ISO_8859_1));
    assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    endpoint.front().wakeUp();

    assertThat(slow.getInputStream().read()).isEqualTo(-1);
    Socket prompt = connect();
    assertThat(exchange(prompt, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aKeptAliveConnectionIdleBeyondItsLimitIsClosed() throws Exception {
    start(WebConfig.none(), Limits.defaults(4));
    CountDownLatch resumed = new CountDownLatch(1);
    endpoint.front().afterRead(connection -> {
      if (connection.idle) {
        resumed.countDown();
      }
    });
    Socket socket = connect();
    assertThat(exchange(socket, "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(Limits.defaults(4).idleTimeout().toNanos());
    endpoint.front().wakeUp();

    assertThat(socket.getInputStream().read()).isEqualTo(-1);
  }

  @Test
  void aHeadWithinItsDeadlineIsServed() throws Exception {
    start(WebConfig.none(), Limits.defaults(4).withHeadTimeout(Duration.ofSeconds(10)));
    CountDownLatch read = new CountDownLatch(1);
    endpoint.front().afterRead(connection -> {
      if (connection.received.position() > 0) {
        read.countDown();
      }
    });
    Socket socket = connect();
    socket.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(ISO_8859_1));
    assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    endpoint.front().wakeUp();

    assertThat(exchange(socket, "Host: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  /** Starts a request to {@code /slow}, which holds its worker until {@code release}. */
  private CompletableFuture<String> holdAWorker(
      CountDownLatch entered, CountDownLatch release, AtomicReference<String> servingThread)
      throws Exception {
    endpoint.addHandler(
        "/slow",
        exchange -> {
          servingThread.set(Thread.currentThread().getName());
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          MetricsEndpoint.respondText(exchange, 200, "done\n");
        });
    Socket first = connect();
    CompletableFuture<String> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return exchange(first, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    return slow;
  }

  @Test
  void aRequestBeyondTheLimitGets503AtOnceWithoutMovingTheClock() throws Exception {
    start(WebConfig.none(), Limits.defaults(1));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> servingThread = new AtomicReference<>();
    CompletableFuture<String> slow = holdAWorker(entered, release, servingThread);

    // the clock stays where it is: the 503 does not wait for any deadline
    assertThat(exchange(connect(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 503 ")
        .contains("Retry-After: 1")
        .contains("Connection: close")
        .endsWith("Too many requests at once (max_requests 1)\n");
    release.countDown();
    assertThat(slow.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200 ").endsWith("done\n");
    assertThat(servingThread.get()).isNotEqualTo(HttpFront.FRONT_THREAD);
  }

  @Test
  void aFreedRequestSlotServesTheNextRequest() throws Exception {
    start(WebConfig.none(), Limits.defaults(1));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> slow = holdAWorker(entered, release, new AtomicReference<>());
    assertThat(exchange(connect(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 503 ");
    CountDownLatch slotFreed = new CountDownLatch(1);
    // the worker frees its slot before it gives the kept-alive connection back to the front
    endpoint.front().afterRead(connection -> {
      if (connection.idle) {
        slotFreed.countDown();
      }
    });

    release.countDown();
    assertThat(slow.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200 ");
    assertThat(slotFreed.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(exchange(connect(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("Healthy\n");
  }

  @Test
  void connectionsAreServedWithoutNagleDelay() throws Exception {
    start(WebConfig.none(), Limits.defaults(4));
    endpoint.addHandler(
        "/nodelay",
        exchange -> {
          FrontExchange front = (FrontExchange) exchange;
          MetricsEndpoint.respondText(exchange, 200, String.valueOf(front.tcpNoDelay()));
        });

    assertThat(exchange(connect(), "GET /nodelay HTTP/1.1\r\nHost: x\r\n\r\n")).endsWith("\r\n\r\ntrue");
  }

  @Test
  void keptAliveAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
    start(WebConfig.none(), Limits.defaults(4));
    Socket socket = connect();

    socket
        .getOutputStream()
        .write(
            ("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /metrics?name[]=starved_value HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(ISO_8859_1));

    assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("Healthy\n");
    assertThat(readResponse(socket.getInputStream()))
        .startsWith("HTTP/1.1 200 ")
        .contains("starved_value 3.0");
    assertThat(exchange(socket, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("\r\n\r\n");
  }

  @Test
  void aClientThatDoesNotReadItsResponseLeavesTheOnlyActiveWorkerToTheNextRequest()
      throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge large = Gauge.build("large_value", "Many series.").labelNames("index").register(registry);
    for (int i = 0; i < 100_000; i++) {
      large.labels(Integer.toString(i)).set(i); // about 3 MB: more than the socket buffers hold
    }
    start(WebConfig.none(), Limits.defaults(4).withActiveWorkers(1), registry);
    Socket reader = connect();
    reader.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
    reader.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));

    assertThat(exchange(connect(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aSlowClientDoesNotHoldTheFrontWhileReadingItsResponse() throws Exception {
    start(WebConfig.none(), Limits.defaults(4));
    Socket reader = connect();
    reader.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
    reader.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));

    assertThat(exchange(connect(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }
}
