package dev.promonitor.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.testing.PluginJarBuilder;
import dev.promonitor.core.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as users run it: a separate JVM, a plugin jar compiled during the test in a
 * temporary exporters dir, a real scrape of {@code /metrics}.
 */
class RunnerJarIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern SERVING =
      Pattern.compile("serving metrics on https?://127\\.0\\.0\\.1:(\\d+)/metrics");

  private static final String EXPORTER_SOURCE =
      """
      package it.plugin;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;
      import io.prometheus.client.Gauge;

      @ExporterType("it_gauge")
      public final class ItGaugeExporter extends BaseExporter<ItGaugeConfig> {
        private Gauge gauge;

        @Override
        protected void init() {
          gauge = Gauge.build("it_plugin_value", "A value from the config.")
              .labelNames("label").register(registry());
        }

        @Override
        public void exportMetrics() {
          for (String label : config().labels()) {
            gauge.labels(label).set(config().value());
          }
          logger().info("exported {} labels", config().labels().size());
        }
      }
      """;

  private static final String CONFIG_SOURCE =
      """
      package it.plugin;

      import jakarta.validation.constraints.NotEmpty;
      import java.util.List;

      public record ItGaugeConfig(@NotEmpty List<String> labels, Double value, String apiToken) {
        public ItGaugeConfig {
          value = value == null ? 7.0 : value;
        }
      }
      """;

  @TempDir Path work;

  private Path exportersDir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = Files.createDirectories(work.resolve("exporters"));
    PluginJarBuilder.jar(exportersDir.resolve("it-plugin.jar"))
        .source("it.plugin.ItGaugeExporter", EXPORTER_SOURCE)
        .source("it.plugin.ItGaugeConfig", CONFIG_SOURCE)
        .service("it.plugin.ItGaugeExporter")
        .build();
  }

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Path config(String yaml) throws IOException {
    return Files.writeString(work.resolve("config.yml"), yaml);
  }

  private static String configWithPort(int port) {
    return """
        app:
          execution_mode: async
          export_interval_seconds: 1
          prometheus_host: 127.0.0.1
          prometheus_port: %d
        exporters:
          - type: it_gauge
            name: first
            config:
              labels: [a, b]
              value: 2.5
              api_token: hunter2
          - type: it_gauge
            name: defaults
            config:
              labels: [c]
        """
        .formatted(port);
  }

  private final List<Thread> readers = new ArrayList<>();

  /** Starts the runner jar; its output lines arrive in {@code output}. */
  private Process start(BlockingQueue<String> output, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("promonitor.runner.jar"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
    processes.add(process);
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
    readers.add(reader);
    return process;
  }

  /** Runs the jar to its end and returns its exit code and output. */
  private Result run(String... args) throws Exception {
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Process process = start(output, args);
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the runner exits").isTrue();
    Thread reader = readers.get(readers.size() - 1);
    reader.join(WAIT.toMillis());
    List<String> lines = new ArrayList<>();
    output.drainTo(lines);
    return new Result(process.exitValue(), String.join("\n", lines));
  }

  private record Result(int exitCode, String output) {}

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
    throw new AssertionError("the runner did not report its port; output:\n" + String.join("\n", seen));
  }

  private String scrapeUntil(int port, String expected) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      body = response.body();
      if (body.contains(expected)) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("/metrics never contained " + expected + "; last body:\n" + body);
  }

  @Test
  void servesThePluginsMetricsAndStopsOnSigterm() throws Exception {
    Path config = config(configWithPort(0));
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Process process =
        start(output, "--config-file", config.toString(), "--exporters-dir", exportersDir.toString());
    List<String> seen = new ArrayList<>();

    int port = awaitServingPort(output, seen);
    String body = scrapeUntil(port, "it_plugin_value{label=\"c\",} 7.0");

    assertThat(body)
        .contains("# TYPE it_plugin_value gauge\n")
        .contains("it_plugin_value{label=\"a\",} 2.5\n")
        .contains("it_plugin_value{label=\"b\",} 2.5\n")
        .contains("it_plugin_value{label=\"c\",} 7.0\n");
    assertThat(body.split("# TYPE it_plugin_value ", -1)).hasSize(2);

    // Process.destroy() would close our end of the output pipe; the handle only sends SIGTERM.
    process.toHandle().destroy();
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    readers.get(0).join(WAIT.toMillis());
    output.drainTo(seen);
    assertThat(String.join("\n", seen)).contains("Stopped 2 exporter(s)").doesNotContain("hunter2");
  }

  @Test
  void invalidConfigExitsWithCode2AndNamesFileLineAndKey() throws Exception {
    Path config =
        config(
            """
            app:
              export_interval_seconds: -1
            exporters:
              - type: it_gauge
                config:
                  labels: []
            """);

    Result result =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains(config + ":2:")
        .contains("app.export_interval_seconds")
        .contains(config + ":6:")
        .contains("exporters[0].config.labels")
        .doesNotContain("\tat ");
  }

  @Test
  void dryRunPrintsWhatWouldRunWithSecretsMaskedAndExits() throws Exception {
    Path config = config(configWithPort(9));

    Result result =
        run(
            "--config-file",
            config.toString(),
            "--exporters-dir",
            exportersDir.toString(),
            "--dry-run");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.output())
        .contains("Config " + config + " is valid.")
        .contains("it_gauge.first: type it_gauge, name first, every 1s")
        .contains("api_token: ****")
        .doesNotContain("hunter2");
  }

  @Test
  void portInUseExitsWithCode1BeforeAnyExport() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path config = config(configWithPort(taken.getLocalPort()));

      Result result =
          run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output())
          .contains(
              "promonitor: cannot start: cannot serve metrics on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": Address already in use")
          .doesNotContain("exported");
    }
  }

  @Test
  void unknownFlagIsAUsageErrorAndHelpAndVersionExitZero() throws Exception {
    assertThat(run("--no-such-flag").exitCode()).isEqualTo(2);
    Result help = run("--help");
    assertThat(help.exitCode()).isEqualTo(0);
    assertThat(help.output()).contains("--config-file", "--exporters-dir", "--dry-run", "--verbose");
    Result version = run("--version");
    assertThat(version.exitCode()).isEqualTo(0);
    assertThat(version.output()).startsWith("promonitor 0.1.0-SNAPSHOT");
  }

  @Test
  void servesOverTlsWithBasicAuthFromTheWebConfigFileKeyAndKeepsSecretsOutOfTheLog()
      throws Exception {
    TestCertificates certificates =
        TestCertificates.generate(Files.createDirectories(work.resolve("certs")));
    Files.writeString(work.resolve("password.txt"), "hunter3\n");
    Files.writeString(
        work.resolve("web.yml"),
        """
        tls_server_config:
          cert_file: certs/server.crt
          key_file: certs/server.key
        basic_auth_users:
          prometheus: %s
        """
            .formatted(BCrypt.withDefaults().hashToString(4, "scrape".toCharArray())));
    Path config =
        config(
            configWithPort(0)
                .replace("app:\n", "app:\n  web_config_file: web.yml\n")
                .replace("api_token: hunter2", "api_token: ${file:password.txt}"));
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Process process =
        start(output, "--config-file", config.toString(), "--exporters-dir", exportersDir.toString());
    List<String> seen = new ArrayList<>();
    int port = awaitServingPort(output, seen);
    HttpClient tlsClient =
        HttpClient.newBuilder()
            .sslContext(certificates.clientContext(false))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI metrics = URI.create("https://localhost:" + port + "/metrics");
    String credentials =
        Base64.getEncoder().encodeToString("prometheus:scrape".getBytes(UTF_8));

    HttpResponse<String> anonymous =
        tlsClient.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> authenticated =
        tlsClient.send(
            HttpRequest.newBuilder(metrics)
                .header("Authorization", "Basic " + credentials)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(authenticated.statusCode()).isEqualTo(200);
    assertThat(String.join("\n", seen)).contains("serving metrics on https://");
    process.toHandle().destroy();
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    readers.get(0).join(WAIT.toMillis());
    output.drainTo(seen);
    assertThat(String.join("\n", seen)).doesNotContain("hunter3");
  }
}
