package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.Version;
import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final String EXPORTER_SOURCE =
      """
      package listed.plugin;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("listed")
      public final class ListedExporter extends BaseExporter<ListedConfig> {
        @Override
        public void exportMetrics() {}
      }
      """;

  private static final String CONFIG_SOURCE =
      """
      package listed.plugin;

      import jakarta.validation.constraints.NotEmpty;
      import java.util.List;

      public record ListedConfig(@NotEmpty List<String> labels, Double value) {
        public ListedConfig {
          labels = labels == null ? List.of() : List.copyOf(labels);
          value = value == null ? 7.0 : value;
        }
      }
      """;

  @TempDir Path work;
  private Path exportersDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = Files.createDirectories(work.resolve("exporters"));
    PluginJarBuilder.jar(exportersDir.resolve("listed.jar"))
        .source("listed.plugin.ListedExporter", EXPORTER_SOURCE)
        .source("listed.plugin.ListedConfig", CONFIG_SOURCE)
        .service("listed.plugin.ListedExporter")
        .build();
  }

  private int run(String... args) {
    return Main.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listExportersPrintsAnEntryPerTypeAndExitsZeroWithoutAConfigFile() {
    int exitCode =
        run("--list-exporters", "--exporters-dir", exportersDir.toString(), "--config-file", "absent.yml");

    assertThat(exitCode).isZero();
    assertThat(out())
        .contains(
            """
            - type: listed
              name: listed
              config:   # listed.plugin.ListedConfig
                labels: []   # List<String>, required
                value: 7.0   # Double
            """);
  }

  @Test
  void dryRunMasksValuesReadFromASecretFile() throws IOException {
    Files.writeString(work.resolve("label.txt"), "from-the-secret-file\n");
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            exporters:
              - type: listed
                config:
                  labels: [visible, "${file:label.txt}"]
            """);

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(), "--dry-run");

    assertThat(exitCode).isZero();
    assertThat(out())
        .contains("      config: {labels: [\"visible\", ****], value: 7.0}")
        .doesNotContain("from-the-secret-file");
  }

  @Test
  void configDirFlagAddsTheEntriesOfItsFiles() throws IOException {
    Path config = Files.writeString(work.resolve("config.yml"), "exporters: []\n");
    Path directory = Files.createDirectories(work.resolve("conf.d"));
    Files.writeString(
        directory.resolve("a.yml"), "exporters:\n  - type: listed\n    config:\n      labels: [x]\n");

    int exitCode =
        run(
            "--config-file", config.toString(),
            "--exporters-dir", exportersDir.toString(),
            "--config-dir", directory.toString(),
            "--dry-run");

    assertThat(exitCode).isZero();
    assertThat(out()).contains("  - listed: type listed, name listed");
  }

  @Test
  void invalidWebConfigExitsWithCode2AndNamesFileLineAndKey() throws IOException {
    Path config = Files.writeString(work.resolve("config.yml"), "exporters: []\n");
    Path web =
        Files.writeString(
            work.resolve("web.yml"), "tls_server_config:\n  cert_file: /x\n  key_file: /y\n");

    int exitCode =
        run(
            "--config-file", config.toString(),
            "--exporters-dir", exportersDir.toString(),
            "--web-config-file", web.toString(),
            "--dry-run");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: invalid web config: 2 problems in the config:\n"
                + "  " + web + ":2:14: tls_server_config.cert_file: file not found. Found: \"/x\"\n"
                + "  " + web + ":3:13: tls_server_config.key_file: file not found. Found: \"/y\"\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void problemsOfTheConfigAndOfTheWebConfigFlagComeTogether() throws IOException {
    Path config = Files.writeString(work.resolve("config.yml"), "app:\n  threads: 0\n");
    Path web = Files.writeString(work.resolve("web.yml"), "basic_auth_users:\n  a: b\n");

    int exitCode =
        run(
            "--config-file", config.toString(),
            "--exporters-dir", exportersDir.toString(),
            "--web-config-file", web.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: invalid config: 2 problems in the config:\n"
                + "  " + config + ":2:12: app.threads: expecting value > 0. Found: 0\n"
                + "  " + web + ":2:6: basic_auth_users.a: expecting a bcrypt hash ($2a$, $2b$ or"
                + " $2y$), as htpasswd -nB a makes it. Found: ****\n");
  }

  @Test
  void webConfigFileKeyIsReadRelativeToTheConfigFile() throws IOException {
    Files.writeString(
        work.resolve("web.yml"),
        "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n");
    Path config =
        Files.writeString(work.resolve("config.yml"), "app:\n  web_config_file: web.yml\n");

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(), "--dry-run");

    assertThat(exitCode).isZero();
    assertThat(out())
        .contains(
            "Endpoint security from " + work.resolve("web.yml")
                + ": no TLS, basic auth: off, headers: X-Content-Type-Options\n");
  }

  private Path twoEntries() throws IOException {
    return Files.writeString(
        work.resolve("config.yml"),
        """
        app:
          prometheus_port: 0
        exporters:
          - type: listed
            name: first
            config:
              labels: [a]
          - type: listed
            name: second
            config:
              labels: [b]
        """);
  }

  @Test
  void checkConfigPrintsASummaryAndExitsZeroWithoutCreatingExporters() throws IOException {
    Path config = twoEntries();

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(),
            "--check-config");

    assertThat(exitCode).isZero();
    assertThat(out())
        .startsWith("SUCCESS: " + config + " is valid: 2 exporter entries (2 enabled)\n")
        .containsPattern("SUCCESS: \\d+ exporter type\\(s\\) loaded\n")
        .contains("\n  listed: listed.plugin.ListedExporter (" + exportersDir.resolve("listed.jar") + ")\n")
        .endsWith("Would serve /metrics on 0.0.0.0:0; no exporter was created and no port bound.\n");
  }

  @Test
  void checkConfigOfAnInvalidConfigExitsWithCode2() throws IOException {
    Path config = Files.writeString(work.resolve("config.yml"), "app:\n  threads: 0\n");

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(),
            "--check-config");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: invalid config: " + config + ":2:12: app.threads: expecting value > 0."
                + " Found: 0\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void exporterFlagKeepsOnlyTheNamedEntriesInADryRun() throws IOException {
    Path config = twoEntries();

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(),
            "--dry-run", "--exporter", "listed.second");

    assertThat(exitCode).isZero();
    assertThat(out()).contains("running 1 exporter(s)").contains("listed.second").doesNotContain("first");
  }

  @Test
  void exporterFlagThatMatchesNoEntryIsAUsageErrorListingTheEntries() throws IOException {
    Path config = twoEntries();

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(),
            "--once", "--exporter", "listed.third");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: --exporter listed.third: no enabled entry has this type or TYPE.NAME;"
                + " the enabled entries are: listed.first, listed.second\n");
  }

  @Test
  void exporterFlagWithoutOnceOrDryRunIsAUsageError() {
    int exitCode = run("--exporter", "listed");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err()).isEqualTo("promonitor: --exporter needs --once, --dry-run or --check-config\n");
  }

  @Test
  void listenAddressFlagReplacesTheConfiguredHostAndPort() throws IOException {
    Path config = twoEntries();

    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(),
            "--check-config", "--web.listen-address", "127.0.0.1:9499");

    assertThat(exitCode).isZero();
    assertThat(out()).contains("Would serve /metrics on 127.0.0.1:9499;");
  }

  @Test
  void malformedListenAddressIsAUsageError() {
    int exitCode = run("--web.listen-address", "9400", "--check-config");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: --web.listen-address: expecting [HOST]:PORT, such as :9400,"
                + " 127.0.0.1:9400 or [::1]:9400. Found: 9400\n");
  }

  @Test
  void unknownLogLevelAndFormatAreUsageErrors() {
    assertThat(run("--log.level", "verbose")).isEqualTo(2);
    assertThat(run("--log.format", "xml")).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promonitor: --log.level: expecting one of: debug, info, warn, error. Found: verbose\n"
                + "promonitor: --log.format: expecting one of: logfmt, json. Found: xml\n");
  }

  @Test
  void versionNamesTheRevisionBranchBuildDateAndJava() {
    int exitCode = run("--version");

    assertThat(exitCode).isZero();
    assertThat(out())
        .startsWith(
            "promonitor " + Version.current() + " (branch: " + Version.branch() + ", revision: "
                + Version.revision() + ")\n  build date:   " + Version.buildDate() + "\n")
        .contains("  java version: " + System.getProperty("java.version"));
  }

  @Test
  void helpKeepsUrlsKeysAndFlagsWhole() {
    int exitCode = run("--help");

    assertThat(exitCode).isZero();
    assertThat(out())
        .contains("http://pushgateway:9091", "app.web_config_file", "[--log.level=LEVEL]")
        .doesNotContain("http: //", "app. ", "--log. ");
  }
}
