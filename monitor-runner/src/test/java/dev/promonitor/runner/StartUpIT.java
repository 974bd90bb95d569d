package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner loads to start, seen in the JVM's class-loading log of a real run: Hibernate
 * Validator only for a config whose exporters' config classes carry constraints, and logging that
 * works from the first line although Log4j starts on a thread of its own.
 */
class StartUpIT {

  private static final String PLAIN_EXPORTER_SOURCE =
      """
      package it.plain;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_plain")
      public final class PlainExporter extends BaseExporter<PlainConfig> {
        @Override
        public void exportMetrics() {}
      }
      """;

  private static final String PLAIN_CONFIG_SOURCE =
      """
      package it.plain;

      import java.util.List;

      public record PlainConfig(String name, List<String> labels) {}
      """;

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private ExternalProcesses.Finished dryRunLoggingClasses(String yaml, Path classLog)
      throws Exception {
    return runLoggingClasses(yaml, classLog, "--dry-run");
  }

  private ExternalProcesses.Finished runLoggingClasses(
      String yaml, Path classLog, String mode, String... jvmOptions) throws Exception {
    Path exporters = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exporters);
    PluginJarBuilder.jar(exporters.resolve("it-plain.jar"))
        .source("it.plain.PlainExporter", PLAIN_EXPORTER_SOURCE)
        .source("it.plain.PlainConfig", PLAIN_CONFIG_SOURCE)
        .service("it.plain.PlainExporter")
        .build();
    Path config = Files.writeString(work.resolve("config.yml"), yaml);
    List<String> command = new ArrayList<>(ExternalProcesses.runnerCommand());
    command.add(1, "-Xlog:class+load=info:file=" + classLog);
    command.addAll(2, List.of(jvmOptions));
    command.addAll(
        List.of(
            "--config-file", config.toString(), "--exporters-dir", exporters.toString(), mode));
    return processes.run(work, command);
  }

  @Test
  void aConfigWhoseExportersHaveNoConstraintsIsReadWithoutHibernateValidator() throws Exception {
    Path classLog = work.resolve("classes.log");
    ExternalProcesses.Finished result =
        dryRunLoggingClasses(
            """
            app:
              prometheus_port: 9400
            exporters:
              - type: it_plain
                name: one
                config:
                  name: x
                  labels: [a]
            """,
            classLog);

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.stdout()).contains("it_plain.one: type it_plain, name one");
    assertThat(result.stderr()).contains("Found exporter type 'it_plain'");
    assertThat(loaded(classLog)).noneMatch(line -> line.contains(" org.hibernate.validator."));
  }

  @Test
  void aConfigWithConstraintsIsCheckedWithHibernateValidator() throws Exception {
    Path classLog = work.resolve("classes.log");
    ExternalProcesses.Finished result =
        dryRunLoggingClasses(
            """
            exporters:
              - type: it_gauge
                name: one
                config:
                  labels: []
            """,
            classLog);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("exporters[0].config.labels: must not be empty");
    assertThat(loaded(classLog)).anyMatch(line -> line.contains(" org.hibernate.validator."));
  }

  @Test
  void theAppSectionsRangesAreCheckedWithoutHibernateValidator() throws Exception {
    Path classLog = work.resolve("classes.log");
    ExternalProcesses.Finished result =
        dryRunLoggingClasses(
            """
            app:
              prometheus_port: 70000
              threads: 0
            exporters: []
            """,
            classLog);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("app.prometheus_port: expecting value between 0 and 65535. Found: 70000")
        .contains("app.threads: expecting value > 0. Found: 0");
    assertThat(loaded(classLog)).noneMatch(line -> line.contains(" org.hibernate.validator."));
  }

  @Test
  void log4jLoadsOnlyThePluginsThatTheRunnersLoggingUses() throws Exception {
    Path classLog = work.resolve("classes.log");
    ExternalProcesses.Finished result =
        dryRunLoggingClasses(
            """
            app:
              prometheus_port: 9400
            exporters: []
            """,
            classLog);

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.stderr()).doesNotContain("ERROR StatusLogger").doesNotContain("WARN StatusLogger");
    List<String> loaded = loaded(classLog);
    assertThat(loaded)
        .anyMatch(line -> line.contains(" org.apache.logging.log4j.core.appender.ConsoleAppender "))
        .anyMatch(line -> line.contains(" org.apache.logging.log4j.core.layout.PatternLayout "))
        .noneMatch(line -> line.contains(" org.apache.logging.log4j.core.appender.RollingFileAppender "))
        .noneMatch(line -> line.contains(" org.apache.logging.log4j.core.appender.db.jdbc."))
        .noneMatch(line -> line.contains(" org.apache.logging.log4j.core.layout.JsonLayout "))
        .noneMatch(line -> line.contains(" org.apache.logging.log4j.core.config.xml."));
  }

  @Test
  void aPatternOfTheConfigKeepsLog4jsConvertersAndLookups() throws Exception {
    Path classLog = work.resolve("classes.log");
    ExternalProcesses.Finished result =
        runLoggingClasses(
            """
            app:
              prometheus_port: 0
            logging:
              format: "pattern %level{lowerCase=true} $${sys:promonitor.it.lookup} %logger: %msg%n"
            exporters: []
            """,
            classLog,
            "--once",
            "-Dpromonitor.it.lookup=looked-up");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.stderr())
        .contains("pattern info looked-up dev.promonitor.core.host: Stopped 0 exporter(s)");
  }

  private static List<String> loaded(Path classLog) throws IOException {
    return Files.readAllLines(classLog);
  }
}
