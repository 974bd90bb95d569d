package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.promonitor.core.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

  @TempDir Path work;

  private Path exportersDir;
  private final ExternalProcesses processes = new ExternalProcesses();

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
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

  /** Runs the jar to its end; stdout and stderr together, as a person at a terminal sees them. */
  private ExternalProcesses.Finished run(String... args) throws Exception {
    return processes.run(work, ExternalProcesses.runnerCommand(args));
  }

  @Test
  void servesThePluginsMetricsAndStopsCleanlyOnSigterm() throws Exception {
    Path config = config(configWithPort(0));
    ExternalProcesses.Started runner =
        processes.start(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file", config.toString(), "--exporters-dir", exportersDir.toString()));

    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));
    String body =
        processes
            .awaitHttp(
                "http://127.0.0.1:" + port + "/metrics",
                response ->
                    response.body().contains("it_plugin_value{label=\"c\",} 7.0")
                        && response.body().contains(
                            "monitor_exporter_up{exporter=\"first\",type=\"it_gauge\",} 1.0"))
            .body();

    assertThat(body)
        .contains("# TYPE it_plugin_value gauge\n")
        .contains("it_plugin_value{label=\"a\",} 2.5\n")
        .contains("it_plugin_value{label=\"b\",} 2.5\n")
        .contains("it_plugin_value{label=\"c\",} 7.0\n")
        .contains("monitor_exporter_up{exporter=\"first\",type=\"it_gauge\",} 1.0\n");
    assertThat(body.split("# TYPE it_plugin_value ", -1)).hasSize(2);

    // Process.destroy() would close our end of the output pipe; the handle only sends SIGTERM.
    runner.process().toHandle().destroy();
    assertThat(runner.process().waitFor(ExternalProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("stops on SIGTERM")
        .isTrue();
    assertThat(runner.process().exitValue()).as("exit status after SIGTERM").isZero();
    assertThat(runner.output()).contains("Stopped 2 exporter(s)").doesNotContain("hunter2");
  }

  @Test
  void noArgumentsInAnEmptyFolderPointsToTheConfigFileFlagAndHelpBeforeAnyDiscovery()
      throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));

    ExternalProcesses.Finished result =
        processes.run(empty, ExternalProcesses.runnerCommand());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .isEqualTo(
            "promonitor: no config file: config/config.yml (the default of --config-file) does"
                + " not exist in "
                + empty.toRealPath()
                + ". Give yours with --config-file FILE; --help shows every option.\n");
  }

  @Test
  void jsonLogFormatWritesOneObjectALineOnStandardError() throws Exception {
    Path config = config(configWithPort(0));

    ExternalProcesses.Finished result =
        run(
            "--config-file", config.toString(),
            "--exporters-dir", exportersDir.toString(),
            "--log.format", "json",
            "--once");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = result.stderr().lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      com.fasterxml.jackson.databind.JsonNode event = mapper.readTree(line);
      assertThat(event.has("time") && event.has("level") && event.has("logger") && event.has("msg"))
          .as("time, level, logger and msg in %s", line)
          .isTrue();
    }
    assertThat(result.stderr()).contains("\"level\":\"info\"").contains("Found exporter type 'it_gauge'");
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

    ExternalProcesses.Finished result =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains(config + ":2:28: app.export_interval_seconds: expecting value > 0. Found: -1")
        .contains(config + ":6:15: exporters[0].config.labels: must not be empty. Found: []")
        .doesNotContain("\tat ");
  }

  @Test
  void dryRunPrintsWhatWouldRunWithSecretsMaskedAndExits() throws Exception {
    Path config = config(configWithPort(9));

    ExternalProcesses.Finished result =
        run(
            "--config-file",
            config.toString(),
            "--exporters-dir",
            exportersDir.toString(),
            "--dry-run");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.stdout())
        .contains("Config " + config + " is valid.")
        .contains("it_gauge.first: type it_gauge, name first, every 1s, timeout 1s, on failure drop")
        .contains("api_token: ****")
        .doesNotContain("hunter2");
    assertThat(result.stderr()).doesNotContain("hunter2");
  }

  @Test
  void portInUseExitsWithCode1BeforeAnyExport() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path config = config(configWithPort(taken.getLocalPort()));

      ExternalProcesses.Finished result =
          run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
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
    ExternalProcesses.Finished help = run("--help");
    assertThat(help.exitCode()).isEqualTo(0);
    assertThat(help.stdout()).contains("--config-file", "--exporters-dir", "--dry-run", "--verbose");
    ExternalProcesses.Finished version = run("--version");
    assertThat(version.exitCode()).isEqualTo(0);
    assertThat(version.stdout()).startsWith("promonitor 0.1.0-SNAPSHOT");
  }

  @Test
  void everyFailureOfTheCommandLineIsOnStderrAndNothingOnStdout() throws Exception {
    ExternalProcesses.Finished result =
        run("--config-file", work.resolve("missing.yml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(List.of(result.stderr().split("\n"))).anyMatch(line -> line.startsWith("promonitor: invalid config: "));
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
    ExternalProcesses.Started runner =
        processes.start(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file", config.toString(), "--exporters-dir", exportersDir.toString()));
    Matcher serving = runner.awaitLine(ExternalProcesses.SERVING);
    int port = Integer.parseInt(serving.group(1));
    HttpClient tlsClient =
        HttpClient.newBuilder()
            .sslContext(certificates.clientContext(false))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI metrics = URI.create("https://localhost:" + port + "/metrics");
    String credentials =
        Base64.getEncoder().encodeToString("prometheus:scrape".getBytes(StandardCharsets.UTF_8));

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
    assertThat(serving.group()).startsWith("serving metrics on https://");
    runner.process().toHandle().destroy();
    assertThat(runner.process().waitFor(ExternalProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("stops on SIGTERM")
        .isTrue();
    assertThat(runner.output()).contains("Stopped 2 exporter(s)").doesNotContain("hunter3");
  }

  @Test
  void sighupAndPostReloadApplyAValidConfigAndKeepTheRunningOneWhenInvalid() throws Exception {
    String original = configWithPort(0).replace("app:\n", "app:\n  enable_reload_endpoint: true\n");
    Path config = config(original);
    // With SIGHUP handled as by default even when the build itself runs under nohup.
    ExternalProcesses.Started runner = startWithSignal("--default-signal=HUP", config);
    String base =
        "http://127.0.0.1:" + runner.awaitLine(ExternalProcesses.SERVING).group(1);
    processes.awaitHttp(base + "/metrics", response -> response.body().contains("label=\"c\",} 7.0"));

    config(original.replace("labels: [c]", "labels: [c]\n      value: 9.5"));
    hangUp(runner.process());
    String reloaded =
        processes
            .awaitHttp(base + "/metrics", response -> response.body().contains("label=\"c\",} 9.5"))
            .body();
    assertThat(reloaded)
        .contains("it_plugin_value{label=\"a\",} 2.5\n")
        .contains("monitor_config_last_reload_successful 1.0\n");

    config(original.replace("labels: [c]", "labels: []"));
    HttpResponse<String> refused = postReload(base);
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body())
        .startsWith("Reload failed, the running config stays: ")
        .contains(config + ":17:15: exporters[1].config.labels: must not be empty. Found: []");
    String afterRefusal =
        processes
            .awaitHttp(base + "/metrics", response -> response.body().contains("monitor_config_last_reload_successful 0.0"))
            .body();
    assertThat(afterRefusal).contains("it_plugin_value{label=\"c\",} 9.5\n");
    HttpResponse<String> get =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/-/reload")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void startedWithSighupIgnoredSaysSoAndStillReloadsThroughTheEndpoint() throws Exception {
    String original = configWithPort(0).replace("app:\n", "app:\n  enable_reload_endpoint: true\n");
    Path config = config(original);
    ExternalProcesses.Started runner = startWithSignal("--ignore-signal=HUP", config);
    runner.awaitLine(
        Pattern.compile(
            "WARN .*SIGHUP is ignored by this process.*cannot reload the config.*POST /-/reload"));
    String base =
        "http://127.0.0.1:" + runner.awaitLine(ExternalProcesses.SERVING).group(1);
    processes.awaitHttp(base + "/metrics", response -> response.body().contains("label=\"c\",} 7.0"));

    config(original.replace("labels: [c]", "labels: [c]\n      value: 9.5"));
    hangUp(runner.process());
    HttpResponse<String> reload = postReload(base);
    assertThat(reload.statusCode()).isEqualTo(200);
    HttpResponse<String> reloaded =
        processes.awaitHttp(
            base + "/metrics", response -> response.body().contains("label=\"c\",} 9.5"));
    assertThat(reloaded.body()).contains("monitor_config_last_reload_successful 1.0\n");
    assertThat(runner.process().isAlive()).isTrue();
  }

  /**
   * Starts the runner on {@code config} through GNU {@code env} with SIGHUP's disposition set by
   * {@code envOption}, as nohup sets it.
   */
  private ExternalProcesses.Started startWithSignal(String envOption, Path config) throws IOException {
    List<String> command = new ArrayList<>(List.of("env", envOption));
    command.addAll(
        ExternalProcesses.runnerCommand(
            "--config-file", config.toString(), "--exporters-dir", exportersDir.toString()));
    return processes.start(work, command);
  }

  private static HttpResponse<String> postReload(String base) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void hangUp(Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
