package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

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
}
