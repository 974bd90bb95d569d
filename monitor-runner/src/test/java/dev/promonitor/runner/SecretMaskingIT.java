package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay hidden wherever the runner shows text: the dry-run report, start-up errors (an
 * exporter constructor's failure included), the log of a failed run in {@code --once}, and the
 * status API. The secret here comes from a {@code ${file:...}} file, in a key that does not look
 * secret, so that only masking by value can hide it; others sit under keys that do.
 */
class SecretMaskingIT {

  /** The secret file's content; it must appear nowhere. */
  private static final String SECRET = "Tr0ub4dor&3-horse";

  private static final String CONFIG_SOURCE =
      """
      package it.leaky;

      import java.util.Map;

      public record LeakyConfig(
          String url,
          String endpoint,
          String pwd,
          String passphrase,
          Map<String, String> headers,
          boolean failInConstructor) {}
      """;

  private static final String EXPORTER_SOURCE =
      """
      package it.leaky;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;
      import java.net.URLEncoder;
      import java.nio.charset.StandardCharsets;

      @ExporterType("it_leaky")
      public final class LeakyExporter extends BaseExporter<LeakyConfig> {
        public LeakyExporter() {
          if (config().failInConstructor()) {
            throw new IllegalStateException(
                "cannot connect to " + config().url() + " with " + config().endpoint());
          }
        }

        @Override
        public void exportMetrics() {
          logger().info("calling {} now", config().endpoint());
          throw new IllegalStateException(
              "request to " + config().endpoint() + " failed; form was key="
                  + URLEncoder.encode(config().endpoint(), StandardCharsets.UTF_8)
                  + "&password%3D" + config().pwd() + "%26next");
        }
      }
      """;

  @TempDir Path work;

  private Path exportersDir;
  private final ExternalProcesses processes = new ExternalProcesses();

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = Files.createDirectories(work.resolve("exporters"));
    PluginJarBuilder.jar(exportersDir.resolve("leaky.jar"))
        .source("it.leaky.LeakyConfig", CONFIG_SOURCE)
        .source("it.leaky.LeakyExporter", EXPORTER_SOURCE)
        .service("it.leaky.LeakyExporter")
        .build();
    Files.writeString(work.resolve("endpoint.secret"), SECRET + "\n");
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private Path config(boolean failInConstructor) throws IOException {
    return Files.writeString(
        work.resolve("config.yml"),
        """
        app:
          export_interval_seconds: 0.5
          prometheus_host: 127.0.0.1
          prometheus_port: 0
        exporters:
          - type: it_leaky
            name: one
            config:
              url: postgres://monitor:pg-pass-4711@db.internal:5432/app
              endpoint: ${file:endpoint.secret}
              pwd: short-pwd-value
              passphrase: a-long-passphrase
              headers:
                Authorization: Bearer abc.def.ghi
              fail_in_constructor: %s
        """
            .formatted(failInConstructor));
  }

  private ExternalProcesses.Finished run(Path config, String... more) throws Exception {
    String[] args = new String[4 + more.length];
    args[0] = "--config-file";
    args[1] = config.toString();
    args[2] = "--exporters-dir";
    args[3] = exportersDir.toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return processes.run(work, ExternalProcesses.runnerCommand(args));
  }

  private static void assertHidesEverySecret(String text) {
    assertThat(text)
        .doesNotContain(SECRET)
        .doesNotContain("Tr0ub4dor%263-horse")
        .doesNotContain("pg-pass-4711")
        .doesNotContain("short-pwd-value")
        .doesNotContain("a-long-passphrase")
        .doesNotContain("abc.def.ghi");
  }

  @Test
  void theDryRunReportMasksSecretKeysUrlPasswordsAndSubstitutedValues() throws Exception {
    ExternalProcesses.Finished result = run(config(false), "--dry-run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .contains("url: \"postgres://monitor:****@db.internal:5432/app\"")
        .contains("endpoint: ****")
        .contains("pwd: ****")
        .contains("passphrase: ****")
        .contains("Authorization: ****");
    assertHidesEverySecret(result.stdout() + result.stderr());
  }

  @Test
  void aConstructorsFailureIsPrintedMasked() throws Exception {
    ExternalProcesses.Finished dryRun = run(config(true), "--dry-run");
    ExternalProcesses.Finished start = run(config(true));

    for (ExternalProcesses.Finished result : new ExternalProcesses.Finished[] {dryRun, start}) {
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("cannot create exporters")
          .contains("cannot connect to postgres://monitor:****@db.internal:5432/app with ****");
      assertHidesEverySecret(result.stdout() + result.stderr());
    }
    ExternalProcesses.Finished verbose = run(config(true), "--dry-run", "--verbose");
    assertThat(verbose.stderr()).contains("\tat ");
    assertHidesEverySecret(verbose.stdout() + verbose.stderr());
  }

  @Test
  void onceLogsTheFailedRunMaskedAlsoInUrlEncodedForm() throws Exception {
    ExternalProcesses.Finished result = run(config(false), "--once");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("request to **** failed; form was key=****&password%3D****");
    assertThat(result.stderr()).contains("calling **** now");
    assertHidesEverySecret(result.stdout() + result.stderr());
    // The stack trace names the exporter's own exception class, not a stand-in of the framework.
    assertThat(result.stderr())
        .contains("\njava.lang.IllegalStateException: request to **** failed");
    assertThat(result.stderr().lines().filter(line -> !line.startsWith("\t")))
        .noneMatch(line -> line.contains("dev.promonitor.core.internal"));
  }

  @Test
  void theStatusApiAndTheLogShowTheLastErrorMasked() throws Exception {
    ExternalProcesses.Started runner =
        processes.start(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file",
                config(false).toString(),
                "--exporters-dir",
                exportersDir.toString()));
    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));

    String api =
        processes
            .awaitHttp(
                "http://127.0.0.1:" + port + "/api/v1/exporters",
                response -> response.body().contains("request to"))
            .body();
    String page = processes.awaitHttp("http://127.0.0.1:" + port + "/status", r -> true).body();

    assertThat(api).contains("request to **** failed");
    assertHidesEverySecret(api);
    assertHidesEverySecret(page);
    runner.process().toHandle().destroy();
    assertThat(runner.process().waitFor(ExternalProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .isTrue();
    assertHidesEverySecret(runner.output());
  }
}
