package dev.promonitor.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The test application, started on a free port with the given properties. */
final class RunningApplication implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningApplication(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static RunningApplication start(Class<?> application, String... properties) {
    List<String> all = new ArrayList<>();
    all.add("server.port=0");
    all.add("server.address=127.0.0.1");
    all.add("management.endpoints.web.exposure.include=health,prometheus,promonitor");
    all.add("management.endpoint.health.show-details=always");
    all.addAll(List.of(properties));
    return new RunningApplication(
        new SpringApplicationBuilder(application).properties(all.toArray(String[]::new)).run());
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    String port = context.getEnvironment().getProperty("local.server.port");
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until every exporter has a recorded run: the first export has ended. */
  void awaitFirstRuns() throws InterruptedException {
    ExporterHost host = context.getBean(ExporterHost.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!host.status().stream()
        .allMatch(status -> status.successes() + status.failures() + status.timeouts() > 0)) {
      assertThat(System.nanoTime()).as("first runs of " + host.status()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
