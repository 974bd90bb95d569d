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
    Path sources = project.resolve("src/main/java/com/example/monitoring/queue");
    assertThat(sources.resolve("QueueDepthExporter.java"))
        .content(UTF_8)
        .contains("package com.example.monitoring.queue;")
        .contains("@ExporterType(\"queue_depth\")")
        .contains("public final class QueueDepthExporter extends BaseExporter<QueueDepthConfig>");
    assertThat(sources.resolve("QueueDepthConfig.java")).exists();
    assertThat(project.resolve("src/main/resources/META-INF/services/dev.promonitor.api.BaseExporter"))
        .content(UTF_8)
        .isEqualTo("com.example.monitoring.queue.QueueDepthExporter\n");
    assertThat(project.resolve("src/test/java/com/example/monitoring/queue/QueueDepthExporterTest.java"))
        .content(UTF_8)
        .as("the generated test runs the exporter with the testing kit, without a host or a file")
        .contains("ExporterTester.of(QueueDepthExporter.class)")
        .doesNotContain("OnceRunner");
    assertThat(project.resolve("example.yml"))
        .content(UTF_8)
        .contains("  prometheus_port: 9410\n")
        .contains("  - type: queue_depth\n");

    // The steps of the generated README, in order.
    String build = run(project, maven(settings, "package"));
    assertThat(build).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
    assertThat(build).as("the first compile warns about nothing").doesNotContain("[WARNING] /");
    assertThat(project.resolve("target/queue-exporter-1.0.0.jar")).isRegularFile();

    run(
        project,
        maven(
            settings,
            "-q",
            "dependency:copy",
            "-Dartifact=dev.promonitor:monitor-runner:" + property("it.promonitor.version") + ":jar:runner",
            "-Dmdep.stripVersion=true",
            "-DoutputDirectory=."));
    Path runnerJar = project.resolve("monitor-runner-runner.jar");
    assertThat(runnerJar).isRegularFile();

    List<String> runner = new ArrayList<>();
    runner.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    runner.addAll(
        List.of(
            "-jar",
            runnerJar.toString(),
            "--config-file",
            "example.yml",
            "--exporters-dir",
            "target",
            "--once"));
    String metrics = run(project, runner);
    assertThat(metrics)
        .contains("queue_depth_value{target=\"alpha\",} 5.0")
        .contains("queue_depth_value{target=\"beta\",} 4.0");
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
