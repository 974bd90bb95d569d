package dev.promonitor.core;

import dev.promonitor.core.testing.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a JVM of its own by {@link OutOfMemoryHealthIT}: the out-of-memory state is
 * process-wide, and would poison every later test of a shared JVM. Prints the answers of
 * {@code /-/healthy} before and after an exporter's run ends in an {@link OutOfMemoryError}.
 */
final class OutOfMemoryHealthProbe {

  private OutOfMemoryHealthProbe() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch exhaust = new CountDownLatch(1);
    CountDownLatch thrown = new CountDownLatch(1);
    Script script =
        Script.exporting(
            () -> {
              exhaust.await();
              thrown.countDown();
              throw new OutOfMemoryError("Java heap space (thrown by the probe)");
            });
    try (ExporterHost host =
        ExporterHost.builder()
            .config(HostFixtures.config().entry("scripted", "hog", true, script).build())
            .serveHttp(true)
            .build()) {
      host.start();
      URI healthy =
          URI.create("http://127.0.0.1:" + host.httpAddress().orElseThrow().getPort() + "/-/healthy");
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(healthy).timeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> before = client.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.println("before: " + before.statusCode() + " " + before.body().strip());
      exhaust.countDown();
      thrown.await();
      HttpResponse<String> after = client.send(request, HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // The run's outcome is recorded just after the throw; poll until it is.
      while (after.statusCode() == 200 && System.nanoTime() - deadline < 0) {
        Thread.sleep(50);
        after = client.send(request, HttpResponse.BodyHandlers.ofString());
      }
      System.out.println("after: " + after.statusCode() + " " + after.body().strip());
    }
    System.exit(0);
  }
}
