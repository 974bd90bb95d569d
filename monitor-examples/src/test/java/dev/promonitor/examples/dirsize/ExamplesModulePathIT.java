package dev.promonitor.examples.dirsize;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples as an exporter module: on the module path beside the runner's distribution
 * {@code lib/}, {@code dir_size} is found through the module's {@code provides}, its config record
 * bound and checked through the packages it opens, and run with {@code --once}.
 */
class ExamplesModulePathIT {

  private static final Path RUNNER_LIB = Path.of(System.getProperty("promonitor.runner.lib"));
  private static final Path EXPORTERS_DIR =
      Path.of(System.getProperty("promonitor.exporters.dir"));

  @TempDir Path work;

  private record Finished(int exitCode, String stdout, String stderr) {}

  private Finished java(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(RUNNER_LIB + File.pathSeparator + EXPORTERS_DIR);
    command.addAll(List.of(args));
    Path stdout = work.resolve("stdout.txt");
    Path stderr = work.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Finished(
        process.exitValue(), Files.readString(stdout, UTF_8), Files.readString(stderr, UTF_8));
  }

  @Test
  void theExamplesModuleProvidesBothExportersAndOpensTheirConfigsToBinding() throws Exception {
    Finished described = java("--describe-module", "dev.promonitor.examples");

    assertThat(described.exitCode()).as(described.stderr()).isZero();
    assertThat(described.stdout().lines().findFirst().orElseThrow()).doesNotContain("automatic");
    assertThat(described.stdout())
        .contains(
            "provides dev.promonitor.api.BaseExporter with"
                + " dev.promonitor.examples.dirsize.DirSizeExporter"
                + " dev.promonitor.examples.s3.S3SizeExporter\n")
        .contains("qualified opens dev.promonitor.examples.dirsize to");
  }

  @Test
  void theRunnerOnTheModulePathRunsDirSizeFromTheExamplesModule() throws Exception {
    Path measured = Files.createDirectories(work.resolve("measured"));
    Files.writeString(measured.resolve("a.txt"), "hello");
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            exporters:
              - type: dir_size
                name: measured
                config:
                  paths: [%s]
            """
                .formatted(measured));

    Finished once =
        java(
            "--module",
            "dev.promonitor.runner/dev.promonitor.runner.Main",
            "--config-file",
            config.toString(),
            "--once");

    assertThat(once.exitCode()).as(once.stderr()).isZero();
    assertThat(once.stdout())
        .contains("directory_files{path=\"" + measured + "\",} 1.0")
        .contains("directory_size_bytes{path=\"" + measured + "\",} 5.0");
    assertThat(once.stderr())
        .contains(
            "Found exporter type 'dir_size': dev.promonitor.examples.dirsize.DirSizeExporter");
  }
}
