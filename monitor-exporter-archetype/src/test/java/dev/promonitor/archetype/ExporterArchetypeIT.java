package dev.promonitor.archetype;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archetype as a user runs it: {@code mvn archetype:generate}, {@code mvn package} of the
 * generated project (its own test included), then the runner loads the jar from
 * {@code --exporters-dir} and runs the exporter once.
 *
 * <p>The nested builds use a local repository of their own, {@code target/it-repo}, into which
 * invoker:install put this reactor's artifacts; everything else comes from the user's local
 * repository, read as a file repository, and only what is missing there from Maven Central. The
 * user's local repository is never written to.
 */
class ExporterArchetypeIT {

  private static final long MAVEN_TIMEOUT_MINUTES = 5;

  @TempDir Path work;

  @Test
  void generatedProjectBuildsAndTheRunnerRunsItsExporter() throws Exception {
    Path settings = writeSettings();

    run(
        work,
        maven(
            settings,
            "org.apache.maven.plugins:maven-archetype-plugin:"
                + property("it.archetype.plugin.version")
                + ":generate",
            "-DarchetypeGroupId=dev.promonitor",
            "-DarchetypeArtifactId=monitor-exporter-archetype",
            "-DarchetypeVersion=" + property("it.promonitor.version"),
            "-DgroupId=com.example.monitoring",
            "-DartifactId=queue-exporter",
            "-Dversion=1.0.0",
            "-Dpackage=com.example.monitoring.queue",
            "-DexporterType=queue_depth"));
    Path project = work.resolve("queue-exporter");
    assertThat(project.resolve("src/main/java/com/example/monitoring/queue/ExampleExporter.java"))
        .content(UTF_8)
        .contains("package com.example.monitoring.queue;")
        .contains("@ExporterType(\"queue_depth\")");
    assertThat(project.resolve("src/main/java/com/example/monitoring/queue/ExampleConfig.java"))
        .exists();
    assertThat(project.resolve("src/main/resources/META-INF/services/dev.promonitor.api.BaseExporter"))
        .content(UTF_8)
        .isEqualTo("com.example.monitoring.queue.ExampleExporter\n");
    assertThat(project.resolve("src/test/java/com/example/monitoring/queue/ExampleExporterTest.java"))
        .content(UTF_8)
        .contains("ExporterTester.of(ExampleExporter.class)");

    String build = run(project, maven(settings, "package"));
    assertThat(build).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");
    assertThat(project.resolve("target/queue-exporter-1.0.0.jar")).isRegularFile();

    Path config =
        Files.writeString(
            work.resolve("queue.yml"),
            """
            exporters:
              - type: queue_depth
                config:
                  targets: [orders, mail]
            """);
    List<String> runner = new ArrayList<>();
    runner.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    runner.addAll(
        List.of(
            "-jar",
            property("promonitor.runner.jar"),
            "--config-file",
            config.toString(),
            "--exporters-dir",
            project.resolve("target").toString(),
            "--once"));
    String metrics = run(work, runner);
    assertThat(metrics)
        .contains("queue_depth_value{target=\"orders\",} 6.0")
        .contains("queue_depth_value{target=\"mail\",} 4.0");
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the failsafe configuration)", name).isNotBlank();
    return value;
  }

  /** Settings that add the user's local repository as a read-only file repository. */
  private Path writeSettings() throws IOException {
    String userRepository = Path.of(property("it.user.repo")).toUri().toString();
    String repository =
        """
              <id>%s</id>
              <url>%s</url>
              <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
              <snapshots><enabled>false</enabled></snapshots>
        """
            .formatted("user-local", userRepository);
    return Files.writeString(
        work.resolve("settings.xml"),
        """
        <settings>
          <profiles>
            <profile>
              <id>user-local-repository</id>
              <repositories>
                <repository>
        %s        </repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository>
        %s        </pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles>
            <activeProfile>user-local-repository</activeProfile>
          </activeProfiles>
        </settings>
        """
            .formatted(repository, repository));
  }

  private static List<String> maven(Path settings, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(property("it.maven.home"), "bin", "mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-ntp",
            "-s",
            settings.toString(),
            "-Dmaven.repo.local=" + property("it.repo"),
            "-DinteractiveMode=false"));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a command to its end; fails with its output unless it exits 0. */
  private static String run(Path directory, List<String> command) throws Exception {
    Path log = Files.createTempFile(directory, "command", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, UTF_8);
    Files.delete(log);
    assertThat(ended).as("%s ends in time; output:%n%s", command, output).isTrue();
    assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
    return output;
  }
}
