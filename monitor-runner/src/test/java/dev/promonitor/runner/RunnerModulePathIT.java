package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on the module path, from the distribution's {@code lib/}: a named module whose
 * internals only Log4j and picocli reach, with no package split between two jars, serving a plugin
 * folder as from the class path.
 */
class RunnerModulePathIT {

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private static Path lib() {
    Path lib = Path.of(System.getProperty("promonitor.dist.lib"));
    assertThat(lib).isDirectory();
    return lib;
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("--module-path", lib().toString()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void theRunnerIsANamedModuleThatExportsItsInternalsToLog4jOnly() throws Exception {
    ExternalProcesses.Finished described =
        processes.run(work, java("--describe-module", "dev.promonitor.runner"));

    assertThat(described.exitCode()).as(described.stderr()).isZero();
    // An automatic module (the jar's Automatic-Module-Name alone) says "automatic" on its first line.
    assertThat(described.stdout().lines().findFirst().orElseThrow())
        .startsWith("dev.promonitor.runner@")
        .doesNotContain("automatic");
    assertThat(described.stdout())
        .contains("exports dev.promonitor.runner\n")
        .contains("requires dev.promonitor.core\n")
        .contains("requires simpleclient.pushgateway automatic\n")
        .contains("qualified exports dev.promonitor.runner.internal to org.apache.logging.log4j.core\n")
        .doesNotContain("exports dev.promonitor.runner.internal\n");
  }

  @Test
  void theDistributionsLibHasNoPackageInTwoJars() throws Exception {
    // simpleclient_httpserver would split io.prometheus.client.exporter with the Pushgateway client.
    ExternalProcesses.Finished validated = processes.run(work, java("--validate-modules"));

    assertThat(validated.exitCode()).as(validated.stdout() + validated.stderr()).isZero();
    assertThat(validated.stdout() + validated.stderr()).isEmpty();
    try (var jars = Files.list(lib())) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .noneMatch(name -> name.startsWith("simpleclient_httpserver"));
    }
  }

  @Test
  void servesAPluginFolderFromTheModulePathAndStopsOnSigterm() throws Exception {
    Path exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            app:
              export_interval_seconds: 1
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
              - type: it_gauge
                name: first
                config:
                  labels: [a]
            """);
    ExternalProcesses.Started runner =
        processes.start(
            work,
            java(
                "--module",
                "dev.promonitor.runner/dev.promonitor.runner.Main",
                "--config-file",
                config.toString(),
                "--exporters-dir",
                exportersDir.toString()));

    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));
    String body =
        processes
            .awaitHttp(
                "http://127.0.0.1:" + port + "/metrics",
                response -> response.body().contains("it_plugin_value{label=\"a\",} 7.0"))
            .body();
    assertThat(body).contains("monitor_exporter_up{exporter=\"first\",type=\"it_gauge\",} 1.0");

    runner.process().toHandle().destroy();
    assertThat(runner.process().waitFor(ExternalProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .isTrue();
    assertThat(runner.process().exitValue()).as(runner.output()).isZero();
    assertThat(runner.output()).contains("SIGTERM: stopping");
  }
}
