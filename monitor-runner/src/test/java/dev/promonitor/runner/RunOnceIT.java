package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --once}, the batch-job mode: pure exposition text on stdout, logs on stderr. */
class RunOnceIT {

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();
  private Path exportersDir;

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private ExternalProcesses.Finished once(String yaml, String... moreArgs) throws Exception {
    Path config = Files.writeString(work.resolve("once.yml"), yaml);
    String[] args = new String[4 + moreArgs.length];
    args[0] = "--config-file";
    args[1] = config.toString();
    args[2] = "--exporters-dir";
    args[3] = exportersDir.toString();
    System.arraycopy(moreArgs, 0, args, 4, moreArgs.length);
    return processes.run(work, ExternalProcesses.runnerCommand(args));
  }

  @Test
  void printsOneRunsMetricsOnStdoutAndExitsZero() throws Exception {
    ExternalProcesses.Finished run =
        once(
            """
            app:
              prometheus_port: 9
            exporters:
              - type: it_gauge
                config:
                  labels: [a]
                  value: 1.5
            """,
            "--once");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            """
            # HELP it_plugin_value A value from the config.
            # TYPE it_plugin_value gauge
            it_plugin_value{label="a",} 1.5
            """);
    assertThat(run.stderr()).contains("Stopped 1 exporter(s)");
  }

  @Test
  void aFailingExporterGivesExitCode1AndIsNamedWhileTheOthersArePrinted() throws Exception {
    ExternalProcesses.Finished run =
        once(
            """
            exporters:
              - type: it_gauge
                name: good
                config:
                  labels: [good]
              - type: it_gauge
                name: bad
                config:
                  labels: [bad]
                  fail: true
            """,
            "--once");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).contains("it_plugin_value{label=\"good\",} 7.0\n");
    assertThat(run.stderr()).contains("promonitor: 1 exporter(s) failed: it_gauge.bad");
  }

  @Test
  void pushGatewayWithoutOnceIsAUsageError() throws Exception {
    ExternalProcesses.Finished run =
        once("exporters: []\n", "--push-gateway", "http://127.0.0.1:9091");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("promonitor: --push-gateway needs --once");
  }

  @Test
  void unreachablePushGatewayGivesExitCode1AfterPrintingTheMetrics() throws Exception {
    int closedPort = ExternalProcesses.freePort();

    ExternalProcesses.Finished run =
        once(
            """
            exporters:
              - type: it_gauge
                config:
                  labels: [a]
            """,
            "--once",
            "--push-gateway",
            "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).contains("it_plugin_value{label=\"a\",} 7.0\n");
    assertThat(run.stderr())
        .contains("promonitor: cannot push to http://127.0.0.1:" + closedPort + ": ");
  }
}
