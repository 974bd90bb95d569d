package dev.promonitor.examples.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin folder as users deploy it: the runner jar in its own JVM, {@code --exporters-dir} at
 * this module's {@code target/exporters}, credentials in the environment, S3Proxy in this JVM.
 */
class S3SizeRunnerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern SERVING =
      Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  private static final Path RUNNER_JAR = Path.of(System.getProperty("promonitor.runner.jar"));
  private static final Path EXPORTERS_DIR =
      Path.of(System.getProperty("promonitor.exporters.dir"));

  private static S3ProxyServer server;

  @TempDir Path work;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket("photos");
    server.putObject("photos", "a.jpg", 10);
    server.putObject("photos", "dir/b.jpg", 1_000);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop();
  }

  @Test
  void runnerServesBucketSizesFromThePluginFolder() throws Exception {
    // One run in the test's lifetime (the first is due at start): the error counter counts runs,
    // so with a short interval a slow scrape, or a first run that overran a timeout as short as
    // the interval while the SDK loaded, would see 2 or more instead of exactly 1.
    Path config =
        Files.writeString(
            work.resolve("s3.yml"),
            """
            app:
              export_interval_seconds: 600
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
              - type: s3_size
                name: local
                config:
                  bucket_names: [photos, missing]
                  endpoint_url: %s
                  path_style_access: true
            """
                .formatted(server.endpoint()));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                RUNNER_JAR.toString(),
                "--config-file",
                config.toString(),
                "--exporters-dir",
                EXPORTERS_DIR.toString())
            .directory(work.toFile())
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY_ID);
    environment.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_ACCESS_KEY);
    // No profile files of the machine running the test.
    environment.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
    environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
    Process process = builder.start();
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Thread reader = readLines(process, output);
    List<String> seen = new ArrayList<>();
    try {
      int port = awaitServingPort(output, seen);

      String body = scrapeUntil(port, "s3_bucket_scrape_errors_total{bucket_name=\"missing\",} 1.0");

      assertThat(body)
          .contains("s3_bucket_size_bytes{bucket_name=\"photos\",} 1010.0\n")
          .contains("s3_bucket_objects{bucket_name=\"photos\",} 2.0\n")
          .contains("s3_bucket_scrape_errors_total{bucket_name=\"photos\",} 0.0\n")
          .doesNotContain("s3_bucket_size_bytes{bucket_name=\"missing\"");
    } finally {
      process.toHandle().destroy();
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      reader.join(WAIT.toMillis());
      output.drainTo(seen);
    }
    String log = String.join("\n", seen);
    assertThat(log)
        .contains("Cannot measure bucket missing: NoSuchBucket: The specified bucket does not exist")
        .contains("Stopped 1 exporter(s)")
        .doesNotContain(S3ProxyServer.SECRET_ACCESS_KEY);
  }

  @Test
  void pluginFolderHoldsTheSdkButNothingTheRunnerProvides() throws IOException {
    List<String> jars;
    try (Stream<Path> files = Files.list(EXPORTERS_DIR)) {
      jars = files.map(path -> path.getFileName().toString()).sorted().toList();
    }

    assertThat(jars)
        .anyMatch(name -> name.matches("monitor-examples-.*\\.jar"))
        .anyMatch(name -> name.matches("s3-2\\..*\\.jar"))
        .anyMatch(name -> name.matches("url-connection-client-.*\\.jar"))
        .anyMatch(name -> name.matches("sts-.*\\.jar"))
        .noneMatch(name -> name.startsWith("monitor-api-"))
        .noneMatch(name -> name.startsWith("simpleclient"))
        .noneMatch(name -> name.startsWith("slf4j-"))
        .noneMatch(name -> name.startsWith("jakarta.validation"))
        .noneMatch(name -> name.startsWith("apache-client") || name.startsWith("apache5-client"))
        .noneMatch(name -> name.startsWith("netty"))
        .noneMatch(name -> name.startsWith("s3proxy") || name.startsWith("monitor-runner"));
  }

  @Test
  void runnerJarDoesNotContainTheAwsSdk() throws IOException {
    try (JarFile jar = new JarFile(RUNNER_JAR.toFile())) {
      assertThat(jar.stream().map(entry -> entry.getName()))
          .contains("dev/promonitor/runner/Main.class")
          .noneMatch(name -> name.startsWith("software/amazon/"))
          .noneMatch(name -> name.startsWith("dev/promonitor/examples/"));
    }
  }

  private static Thread readLines(Process process, BlockingQueue<String> output) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "runner-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static int awaitServingPort(BlockingQueue<String> output, List<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      Matcher matcher = SERVING.matcher(line);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError(
        "the runner did not report its port; output:\n" + String.join("\n", seen));
  }

  private String scrapeUntil(int port, String expected) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      body = response.body();
      if (body.contains(expected)) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("/metrics never contained " + expected + "; last body:\n" + body);
  }
}
