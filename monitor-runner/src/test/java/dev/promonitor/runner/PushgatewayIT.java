package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --once --push-gateway} against Debian's {@code prometheus-pushgateway}. Skipped where the
 * package is not installed.
 */
class PushgatewayIT {

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  @Test
  void onceRunPushesItsMetricsUnderTheDefaultJob() throws Exception {
    Optional<Path> pushgateway = ExternalProcesses.onPath("prometheus-pushgateway");
    assumeTrue(
        pushgateway.isPresent(),
        "prometheus-pushgateway is not installed; apt-get install prometheus-pushgateway to run"
            + " this test");
    int port = ExternalProcesses.freePort();
    processes.start(
        work,
        List.of(pushgateway.orElseThrow().toString(), "--web.listen-address=127.0.0.1:" + port));
    String gateway = "http://127.0.0.1:" + port;
    processes.awaitHttp(gateway + "/-/ready", response -> response.statusCode() == 200);
    Path exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    Path config =
        Files.writeString(
            work.resolve("batch.yml"),
            """
            exporters:
              - type: it_gauge
                name: batch
                config:
                  labels: [pushed]
                  value: 4
            """);

    ExternalProcesses.Finished run =
        processes.run(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file", config.toString(),
                "--exporters-dir", exportersDir.toString(),
                "--once",
                "--push-gateway", gateway));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("Pushed 1 metric(s) to " + gateway + " as job 'promonitor'");
    String pushed =
        processes
            .awaitHttp(gateway + "/metrics", response -> response.body().contains("it_plugin_value{"))
            .body();
    assertThat(pushed.lines().filter(line -> line.startsWith("it_plugin_value{")))
        .containsExactly("it_plugin_value{instance=\"\",job=\"promonitor\",label=\"pushed\"} 4");
  }
}
