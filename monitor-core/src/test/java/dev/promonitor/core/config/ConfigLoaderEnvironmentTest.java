package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.testing.TestDirectoryConfig;
import dev.promonitor.core.testing.TestKeyValueExporter;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.internal.config.ConfigRendering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderEnvironmentTest {

  private static final ExporterCatalog CATALOG =
      ExporterCatalog.of(TestBucketsExporter.class, TestKeyValueExporter.class);

  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "PORT", "9100",
          "BUCKET", "logs",
          "S3_SECRET", "s3cr3t-value",
          "EMPTY", "",
          "ASYNC", "true");

  private static final ConfigLoader LOADER =
      ConfigLoader.builder().catalog(CATALOG).environment(ENVIRONMENT).build();

  @TempDir Path directory;

  private static List<String> problemsOf(String yaml) {
    try {
      LOADER.parse(yaml, "monitor.yml");
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  private static TestKeyValueExporter.Settings keyValue(MonitorConfig config) {
    return (TestKeyValueExporter.Settings) config.exporters().get(0).config();
  }

  private static MonitorConfig keyValueEntry(String one, String two) {
    return LOADER.parse(
        "exporters:\n  - type: key_value\n    config:\n      config_key_one: "
            + one
            + "\n      config_key_two: "
            + two
            + "\n",
        "monitor.yml");
  }

  @Test
  void plainVariableReplacesTheWholeValueAndBindsAsANumber() {
    MonitorConfig config = LOADER.parse("app:\n  prometheus_port: ${PORT}\n", "monitor.yml");

    assertThat(config.app().prometheusPort()).isEqualTo(9100);
  }

  @Test
  void variableInsideATextIsReplacedInPlace() {
    MonitorConfig config = keyValueEntry("s3://${BUCKET}/prefix", "'${BUCKET}-${PORT}'");

    assertThat(keyValue(config).configKeyOne()).isEqualTo("s3://logs/prefix");
    assertThat(keyValue(config).configKeyTwo()).isEqualTo("logs-9100");
  }

  @Test
  void quotedSubstitutionStaysAString() {
    assertThat(keyValue(keyValueEntry("\"${PORT}\"", "'${ASYNC}'")).configKeyOne()).isEqualTo("9100");
  }

  @Test
  void plainSubstitutionThatReadsAsANumberIsANumber() {
    assertThat(
            problemsOf(
                "exporters:\n  - type: key_value\n    config:\n      config_key_one: ${PORT}\n"))
        .containsExactly(
            "monitor.yml:4:23: exporters[0].config.config_key_one: expecting a string; quote the"
                + " value to make it one. Found: ****");
  }

  @Test
  void defaultAppliesWhenTheVariableIsUnsetOrEmpty() {
    MonitorConfig config = keyValueEntry("${MISSING:-fallback}", "${EMPTY:-also}");

    assertThat(keyValue(config).configKeyOne()).isEqualTo("fallback");
    assertThat(keyValue(config).configKeyTwo()).isEqualTo("also");
  }

  @Test
  void setVariableWinsOverItsDefault() {
    assertThat(keyValue(keyValueEntry("${BUCKET:-other}", "x")).configKeyOne()).isEqualTo("logs");
  }

  @Test
  void dollarDollarBraceIsALiteral() {
    MonitorConfig config = keyValueEntry("'$${BUCKET}'", "cost $5");

    assertThat(keyValue(config).configKeyOne()).isEqualTo("${BUCKET}");
    assertThat(keyValue(config).configKeyTwo()).isEqualTo("cost $5");
    assertThat(EntrySource.of(config.exporters().get(0)).maskedConfigPaths()).isEmpty();
  }

  @Test
  void unsetVariableIsReportedAtItsValue() {
    assertThat(problemsOf("app:\n  prometheus_host: ${HOST}\n  prometheus_port: ${PORT2}\n"))
        .containsExactly(
            "monitor.yml:2:20: app.prometheus_host: environment variable HOST is not set."
                + " Found: \"${HOST}\"",
            "monitor.yml:3:20: app.prometheus_port: environment variable PORT2 is not set."
                + " Found: \"${PORT2}\"");
  }

  @Test
  void requiredVariableReportsItsMessageWhenUnsetOrEmpty() {
    assertThat(
            problemsOf(
                """
                exporters:
                  - type: key_value
                    config:
                      config_key_one: ${TOKEN_ONE:?set it to the API token}
                      config_key_two: ${EMPTY:?}
                """))
        .containsExactly(
            "monitor.yml:4:23: exporters[0].config.config_key_one: environment variable TOKEN_ONE"
                + " is not set: set it to the API token. Found: \"${TOKEN_ONE:?set it to the API"
                + " token}\"",
            "monitor.yml:5:23: exporters[0].config.config_key_two: environment variable EMPTY is"
                + " not set. Found: \"${EMPTY:?}\"");
  }

  @Test
  void malformedReferencesAreReported() {
    assertThat(problemsOf("app:\n  prometheus_host: ${HOST\n  execution_mode: ${1X}\n"))
        .containsExactly(
            "monitor.yml:2:20: app.prometheus_host: '${' without its closing '}'; write '$${' for"
                + " a literal '${'. Found: \"${HOST\"",
            "monitor.yml:3:19: app.execution_mode: '${1X}' is not a valid reference; expecting"
                + " ${VAR}, ${VAR:-default}, ${VAR:?message} or ${file:PATH}. Found: \"${1X}\"");
  }

  @Test
  void keysAreNotSubstituted() {
    assertThat(problemsOf("app:\n  ${PORT}: 1\n"))
        .containsExactly(
            "monitor.yml:2:3: app.${PORT}: unknown key; expecting one of: config_dir, enable_reload_endpoint,"
                + " execution_mode, export_interval_seconds, initial_delay_seconds, jitter_seconds,"
                + " jvm_metrics, max_requests, max_series, on_failure, prometheus_host, prometheus_port,"
                + " shard_count, shard_index, shutdown_grace_seconds, threads, timeout_seconds, web_config_file. Found: 1");
  }

  @Test
  void substitutedValueIsMaskedInProblemsEvenUnderAPlainKey() {
    assertThat(
            problemsOf(
                """
                app:
                  execution_mode: ${S3_SECRET}
                exporters:
                  - type: key_value
                    config:
                      config_key_one: ["${S3_SECRET}", plain]
                """))
        .containsExactly(
            "monitor.yml:2:19: app.execution_mode: expecting one of: sync, async, multithreaded."
                + " Found: ****",
            "monitor.yml:6:23: exporters[0].config.config_key_one: expecting a string. Found:"
                + " [****, \"plain\"]");
  }

  @Test
  void constraintOnASubstitutedValueMasksIt() {
    assertThat(
            problemsOf(
                """
                exporters:
                  - type: s3_size
                    config:
                      bucket_names: ["${EMPTY}"]
                """))
        .containsExactly(
            "monitor.yml:4:22: exporters[0].config.bucket_names[0]: must not be blank. Found: ****");
  }

  @Test
  void entryListsItsSubstitutedPathsAndTheDryRunRenderingMasksThem() {
    MonitorConfig config =
        LOADER.parse(
            """
            exporters:
              - type: s3_size
                config:
                  bucket_names: [archive, "${BUCKET}"]
                  metric_name: ${BUCKET:-x}_bytes
            """,
            "monitor.yml");
    ExporterEntry entry = config.exporters().get(0);

    assertThat(EntrySource.of(entry).maskedConfigPaths()).containsExactlyInAnyOrder("/bucket_names/1", "/metric_name");
    assertThat(ConfigRendering.renderObject(entry.config(), EntrySource.of(entry).maskedConfigPaths()))
        .isEqualTo(
            "{bucket_names: [\"archive\", ****], metric_name: ****, secret_access_key: ****,"
                + " max_keys: 1000}");
  }

  @Test
  void renderingShowsThePrivateFieldsOfAPlainConfigClass() {
    assertThat(ConfigRendering.renderObject(new TestDirectoryConfig(), Set.of("/scale")))
        .isEqualTo("{paths: [\"/var/log\"], follow_links: true, max_depth: 8, scale: ****}");
  }

  @Test
  void maskedPathThatTheRenderingLacksMasksTheWholeConfig() {
    assertThat(ConfigRendering.renderObject(Map.of("a", 1), Set.of("/b/c"))).isEqualTo("****");
  }

  @Test
  void secretFileIsReadRelativeToTheConfigFileWithoutItsFinalLineBreak() throws IOException {
    Files.writeString(directory.resolve("secret.txt"), "from-a-file\n");
    Path file = directory.resolve("monitor.yml");
    Files.writeString(
        file,
        """
        exporters:
          - type: key_value
            config:
              config_key_one: ${file:secret.txt}
              config_key_two: ${file:%s}
        """
            .formatted(directory.resolve("secret.txt")));

    MonitorConfig config = LOADER.load(file);

    assertThat(keyValue(config).configKeyOne()).isEqualTo("from-a-file");
    assertThat(keyValue(config).configKeyTwo()).isEqualTo("from-a-file");
    assertThat(EntrySource.of(config.exporters().get(0)).maskedConfigPaths())
        .containsExactlyInAnyOrder("/config_key_one", "/config_key_two");
  }

  @Test
  void missingSecretFileIsReportedWithItsPath() throws IOException {
    Path file = directory.resolve("monitor.yml");
    Files.writeString(
        file, "exporters:\n  - type: key_value\n    config:\n      config_key_one: ${file:nope}\n");

    assertThat(problemsOfFile(file))
        .containsExactly(
            file + ":4:23: exporters[0].config.config_key_one: secret file "
                + directory.resolve("nope") + " does not exist. Found: \"${file:nope}\"");
  }

  @Test
  void processEnvironmentIsTheDefault() {
    String path = System.getenv("PATH");
    MonitorConfig config =
        ConfigLoader.create(CATALOG)
            .parse(
                "exporters:\n  - type: key_value\n    config:\n      config_key_one: '${PATH}'\n",
                "monitor.yml");

    assertThat(keyValue(config).configKeyOne()).isEqualTo(path);
  }

  private static List<String> problemsOfFile(Path file) {
    try {
      LOADER.load(file);
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected problems in " + file);
  }
}
