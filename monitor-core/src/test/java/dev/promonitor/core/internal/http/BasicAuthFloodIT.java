package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.WebConfig;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests with wrong or no credentials never take the request slots of a remembered scrape. */
class BasicAuthFloodIT {

  /** Made with {@code htpasswd -nbB -C 5 prometheus scrape-me}; the fake bcrypt ignores it. */
  private static final String HASH = "$2y$05$8vMFdRxEwOcAT1bobFMCeezkuQJuSSHWL1mQNBghfztSxq4UehsH.";

  private static final int MAX_REQUESTS = 6;

  @TempDir Path directory;
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  /**
   * Starts an endpoint whose bcrypt accepts "right" and holds every password that starts with
   * "slow" until {@link #release}; as many bcrypt checks may run at once as there are slots, so
   * that only the front's admission bounds the unchecked requests.
   */
  private void start(CountDownLatch inside) throws IOException {
    Path file = directory.resolve("web.yml");
    Files.writeString(file, "basic_auth_users:\n  prometheus: " + HASH + "\n");
    WebConfig web =
        ConfigLoader.builder()
            .catalog(ExporterCatalog.of())
            .environment(Map.of())
            .build()
            .loadWebConfig(file);
    BasicAuthCheck.Verifier bcrypt =
        (password, hash) -> {
          if (password.startsWith("slow")) {
            inside.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return password.equals("right");
        };
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.build("guarded_value", "A value behind basic auth.").register(registry).set(5);
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            "test",
            web,
            StatusSource.of("async", List::of),
            Limits.defaults(MAX_REQUESTS),
            System::nanoTime,
            bcrypt,
            MAX_REQUESTS);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", endpoint.address().getPort());
    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
    sockets.add(socket);
    return socket;
  }

  private static String get(String authorization) {
    return "GET /metrics HTTP/1.1\r\nHost: x\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "\r\n";
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  private CompletableFuture<String> send(String request) throws IOException {
    Socket socket = connect();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return EndpointStarvationIT.exchange(socket, request);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aFullAdmissionOfUncheckedCredentialsAnswers429AndARememberedScrapeIsStillServed()
      throws Exception {
    int atOnce = UncheckedAdmission.atOnce(MAX_REQUESTS);
    CountDownLatch inside = new CountDownLatch(atOnce);
    start(inside);
    String valid = get(basic("prometheus", "right"));
    assertThat(EndpointStarvationIT.exchange(connect(), valid)).startsWith("HTTP/1.1 200 ");
    List<CompletableFuture<String>> held = new ArrayList<>();
    for (int i = 0; i < atOnce; i++) {
      held.add(send(get(basic("prometheus", "slow" + i))));
    }
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    // as many wrong guesses as would fill every slot but the admitted ones, each refused at once
    List<String> refused = new ArrayList<>();
    for (int i = atOnce; i < MAX_REQUESTS; i++) {
      refused.add(EndpointStarvationIT.exchange(connect(), get(basic("prometheus", "slow" + i))));
    }
    String unknownUser = EndpointStarvationIT.exchange(connect(), get(basic("intruder", "slow")));
    String noCredentials = EndpointStarvationIT.exchange(connect(), get(null));
    String remembered = EndpointStarvationIT.exchange(connect(), valid);

    assertThat(remembered).startsWith("HTTP/1.1 200 ").contains("guarded_value 5.0");
    assertThat(refused).hasSize(MAX_REQUESTS - atOnce);
    for (String answer : refused) {
      assertThat(answer)
          .startsWith("HTTP/1.1 429 ")
          .contains("Retry-After: 1")
          .contains("Connection: close")
          .endsWith("Too many requests with unchecked credentials at once (" + atOnce + ")\n");
    }
    assertThat(unknownUser).startsWith("HTTP/1.1 429 ");
    assertThat(noCredentials).startsWith("HTTP/1.1 429 ");
    release.countDown();
    for (CompletableFuture<String> answer : held) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void aFreedPlaceAdmitsTheNextUncheckedRequest() throws Exception {
    int atOnce = UncheckedAdmission.atOnce(MAX_REQUESTS);
    CountDownLatch inside = new CountDownLatch(atOnce);
    start(inside);
    List<CompletableFuture<String>> held = new ArrayList<>();
    for (int i = 0; i < atOnce; i++) {
      held.add(send(get(basic("prometheus", "slow" + i))));
    }
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(EndpointStarvationIT.exchange(connect(), get(null))).startsWith("HTTP/1.1 429 ");
    CountDownLatch placesFreed = new CountDownLatch(atOnce);
    // a worker frees its places before it gives the kept-alive connection back to the front
    endpoint.front().afterRead(connection -> {
      if (connection.idle) {
        placesFreed.countDown();
      }
    });

    release.countDown();
    for (CompletableFuture<String> answer : held) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 401 ");
    }
    assertThat(placesFreed.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(EndpointStarvationIT.exchange(connect(), get(null)))
        .startsWith("HTTP/1.1 401 ")
        .contains("WWW-Authenticate: Basic realm=\"promonitor\"");
  }
}
