package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.testing.TestBucketsConfig;
import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.testing.TestDirectoryConfig;
import dev.promonitor.core.testing.TestDirectoryExporter;
import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.core.testing.TestKeyValueExporter;
import dev.promonitor.core.testing.TestProbeExporter;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.EntrySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final ExporterCatalog LOADER_CATALOG =
      ExporterCatalog.of(
          TestBucketsExporter.class,
          TestDirectoryExporter.class,
          TestHeartbeatExporter.class,
          TestProbeExporter.class,
          TestKeyValueExporter.class);

  private static final ConfigLoader LOADER = ConfigLoader.create(LOADER_CATALOG);

  @TempDir Path directory;

  /** The Python framework's README example, with a real type instead of {@code your_exporter_type}. */
  static final String PYTHON_FRAMEWORK_README_EXAMPLE =
      """
      app:
        execution_mode: "async"  # Options: sync, async, multithreaded
        export_interval_seconds: 60
        prometheus_port: 9090

      logging:
        version: 1
        disable_existing_loggers: False
        formatters:
          standard:
            format: "%(asctime)s [%(levelname)s] %(name)s: %(message)s"
        handlers:
          console:
            class: logging.StreamHandler
            formatter: standard
            level: DEBUG
        exporters: # Parent logger of all exporters
          handlers: [ console ]
          level: INFO
        src: # Parent logger of all source modules
          handlers: [ console ]
          level: INFO

      exporters:
        - type: "key_value" # Required. Must match your exporter subpackage name.
          name: "your_exporter_name" # Optional (defaults to None). Any name to differentiate between your exporter instances.
          enabled: true # Optional (defaults to True). Whether to bootstrap this exporter.
          config: # Optional (defaults to None). The configuration to inject to this exporter instance.
            config_key_one: "1"
            config_key_two: "2"
      """;

  private Path write(String name, String content) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static List<String> problemsOf(String yaml) {
    return problemsOf(yaml, "monitor.yml");
  }

  private static List<String> problemsOf(String content, String source) {
    try {
      LOADER.parse(content, source);
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected problems in:\n" + content);
  }

  /** The file as a whole: formats, syntax and the problems of a run. */
  @Nested
  class Documents {

    @Test
    void pythonFrameworkReadmeExampleLoadsAsWritten() throws IOException {
      Path file = write("config.yml", PYTHON_FRAMEWORK_README_EXAMPLE);

      MonitorConfig config = LOADER.load(file);

      assertThat(config.source()).isEqualTo(file.toString());
      assertThat(config.app())
          .isEqualTo(
              AppSettings.builder()
                  .executionMode(ExecutionMode.ASYNC)
                  .exportInterval(Duration.ofSeconds(60))
                  .prometheusPort(9090)
                  .build());
      ExporterEntry entry = config.exporters().get(0);
      assertThat(entry.qualifiedName()).isEqualTo("key_value.your_exporter_name");
      assertThat(entry.enabled()).isTrue();
      assertThat(entry.provider().exporterClass()).isEqualTo(TestKeyValueExporter.class);
      assertThat(entry.config()).isEqualTo(new TestKeyValueExporter.Settings("1", "2"));
      assertThat(EntrySource.of(entry).location()).isEqualTo(new ConfigLocation(file.toString(), 25, 5));
      assertThat(config.logging())
          .isEqualTo(
              new LoggingSettings(
                  null,
                  Map.of("exporters", "INFO", "dev.promonitor", "INFO"),
                  "DEBUG",
                  "%d{yyyy-MM-dd HH:mm:ss,SSS} [%level] %logger: %msg%n",
                  LoggingSettings.Output.STDERR,
                  null));
    }

    @Test
    void emptyDocumentSectionsGiveEveryAppDefault() {
      MonitorConfig config = LOADER.parse("app: {}\n", "monitor.yml");

      assertThat(config.app()).isEqualTo(AppSettings.defaults());
      assertThat(config.app().executionMode()).isEqualTo(ExecutionMode.ASYNC);
      assertThat(config.app().exportInterval()).isEqualTo(Duration.ofSeconds(60));
      assertThat(config.app().prometheusHost()).isEqualTo("0.0.0.0");
      assertThat(config.app().prometheusPort()).isEqualTo(8000);
      assertThat(config.app().threads()).isNull();
      assertThat(config.logging()).isEqualTo(LoggingSettings.defaults());
      assertThat(config.exporters()).isEmpty();
    }

    @Test
    void nullExportersListIsEmpty() {
      assertThat(LOADER.parse("exporters:\n", "monitor.yml").exporters()).isEmpty();
    }

    @Test
    void unknownTopLevelKeyIsReportedWithItsLine() {
      assertThat(problemsOf("app: {}\nexporter: []\n"))
          .containsExactly(
              "monitor.yml:2:1: exporter: unknown key; expecting one of: app, exporters, logging."
                  + " Did you mean 'exporters'? Found: []");
    }

    @Test
    void everyProblemIsReportedInOneRunSortedByLine() {
      assertThatThrownBy(
              () ->
                  LOADER.parse(
                      """
                      exporters:
                        - type: s3_size
                          config:
                            bucket_name: {first: logs}
                            bucket_names: [logs, 7]
                            max_keys: many
                        - type: dir_size
                          config:
                            max_depth: -1
                            follow_links: sometimes
                      app:
                        prometheus_port: -5
                        execution_mode: threads
                      loging: {}
                      """,
                      "monitor.yml"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              String.join(
                  "\n  ",
                  "8 problems in the config:",
                  "monitor.yml:4:7: exporters[0].config.bucket_name: unknown key; expecting one of:"
                      + " bucket_names, max_keys, metric_name, secret_access_key."
                      + " Did you mean 'bucket_names'? Found: {first: \"logs\"}",
                  "monitor.yml:5:28: exporters[0].config.bucket_names[1]: expecting a string; quote"
                      + " the value to make it one. Found: 7",
                  "monitor.yml:6:17: exporters[0].config.max_keys: expecting an integer."
                      + " Found: \"many\"",
                  "monitor.yml:9:18: exporters[1].config.max_depth: must be greater than 0."
                      + " Found: -1",
                  "monitor.yml:10:21: exporters[1].config.follow_links: expecting true or false."
                      + " Found: \"sometimes\"",
                  "monitor.yml:12:20: app.prometheus_port: expecting value between 0 and 65535."
                      + " Found: -5",
                  "monitor.yml:13:19: app.execution_mode: expecting one of: sync, async,"
                      + " multithreaded. Found: \"threads\"",
                  "monitor.yml:14:1: loging: unknown key; expecting one of: app, exporters,"
                      + " logging. Did you mean 'logging'? Found: {}"));
    }

    @Test
    void duplicateKeyIsReportedWithTheFirstLine() {
      assertThat(problemsOf("app:\n  prometheus_port: 1\n  prometheus_port: 2\n"))
          .containsExactly(
              "monitor.yml:3:3: app.prometheus_port: duplicate key; first written at line 2");
    }

    @Test
    void duplicateKeyInJsonIsReported() {
      assertThat(problemsOf("{\"app\": {\"threads\": 1, \"threads\": 2}}", "monitor.json"))
          .containsExactly("monitor.json:1:24: app.threads: duplicate key; first written at line 1");
    }

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeItIsRead() throws IOException {
      Path file = write("huge.yml", "# " + "x".repeat(13 * 1024 * 1024) + "\n");

      assertThatThrownBy(() -> LOADER.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessage(file + ": the file is larger than 12582912 bytes");
    }

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() {
      assertThat(problemsOf("app:\n  prometheus_port: 1\n    threads: 2\n"))
          .containsExactly(
              "monitor.yml:3:12: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void secondDocumentIsASyntaxError() {
      assertThat(problemsOf("app: {}\n---\napp: {}\n"))
          .containsExactly(
              "monitor.yml:2:1: invalid YAML: expected a single document in the stream,"
                  + " but found another document");
    }

    @Test
    void jsonFileIsRead() throws IOException {
      Path file =
          write(
              "monitor.JSON",
              """
              {"app": {"execution_mode": "sync", "prometheus_port": 19094},
               "exporters": [{"type": "s3_size", "config": {"bucket_names": ["logs"]}}]}
              """);

      MonitorConfig config = LOADER.load(file);

      assertThat(config.app().executionMode()).isEqualTo(ExecutionMode.SYNC);
      assertThat(config.exporters().get(0).config())
          .isEqualTo(
              new TestBucketsConfig(List.of("logs"), TestBucketsConfig.DEFAULT_METRIC_NAME, null, 1000));
    }

    @Test
    void jsonSyntaxErrorIsReportedWithItsLine() {
      assertThat(problemsOf("{\"app\": {\"threads\": 1,}\n", "monitor.json")).hasSize(1);
      assertThat(problemsOf("{\"app\": {\"threads\": 1\n", "monitor.json"))
          .singleElement()
          .asString()
          .startsWith("monitor.json:2:1: invalid JSON: ");
    }

    @Test
    void emptyFileIsReported() throws IOException {
      Path file = write("monitor.yml", "# nothing yet\n");

      assertThatThrownBy(() -> LOADER.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessage(file + ": the file is empty; expecting a mapping with app, logging and exporters");
    }

    @Test
    void documentThatIsNotAMappingIsReported() {
      assertThat(problemsOf("- app\n- exporters\n"))
          .containsExactly(
              "monitor.yml:1:1: expecting a mapping with app, logging and exporters at the top level");
    }

    @Test
    void missingFileIsReported() {
      Path file = directory.resolve("absent.yml");

      assertThatThrownBy(() -> LOADER.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessage(file + ": the config file does not exist");
    }

    @Test
    void unsupportedSuffixIsReported() throws IOException {
      Path file = write("monitor.txt", "app: {}\n");

      assertThatThrownBy(() -> LOADER.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessage(file + ": unsupported config format; expecting .yml, .yaml or .json");
    }

    @Test
    void upperCaseYamlSuffixIsAccepted() throws IOException {
      assertThat(LOADER.load(write("monitor.YAML", "app: {}\n")).app()).isEqualTo(AppSettings.defaults());
    }

    @Test
    void aliasBombIsRefused() {
      StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
      for (int level = 1; level < 10; level++) {
        yaml.append("a").append(level).append(": &a").append(level).append(" [");
        for (int i = 0; i < 9; i++) {
          yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
        }
        yaml.append("]\n");
      }

      assertThat(problemsOf(yaml.toString()))
          .containsExactly(
              "monitor.yml: refused: more than 50 aliases to lists or mappings (Number of aliases"
                  + " for non-scalar nodes exceeds the specified max=50)");
    }

    @Test
    void deepNestingIsRefused() {
      assertThat(problemsOf("app: " + "[".repeat(101) + "]".repeat(101) + "\n"))
          .containsExactly("monitor.yml:1:105: lists and mappings are nested more than 100 levels deep");
    }

    @Test
    void customTagIsRefused() {
      assertThat(problemsOf("app:\n  prometheus_host: !!java/object:java.net.URL x\n  threads: !cpu 2\n"))
          .containsExactly(
              "monitor.yml:2:20: unsupported tag '!!java/object:java.net.URL'; only plain YAML"
                  + " values are allowed",
              "monitor.yml:3:12: unsupported tag '!cpu'; only plain YAML values are allowed");
    }
  }

  /** The app section. */
  @Nested
  class AppSection {

    @Test
    void everyAppKeyIsRead() {
      MonitorConfig config =
          LOADER.parse(
              """
              app:
                execution_mode: multithreaded
                export_interval_seconds: 0.25
                prometheus_host: "::"
                prometheus_port: "19094"
                threads: 4
                timeout_seconds: 0.2
                initial_delay_seconds: 0
                jitter_seconds: 1.5
                on_failure: keep
                shutdown_grace_seconds: 30
                jvm_metrics: false
              """,
              "monitor.yml");

      assertThat(config.app())
          .isEqualTo(
              AppSettings.builder()
                  .executionMode(ExecutionMode.MULTITHREADED)
                  .exportInterval(Duration.ofMillis(250))
                  .prometheusHost("::")
                  .prometheusPort(19094)
                  .threads(4)
                  .timeout(Duration.ofMillis(200))
                  .initialDelay(Duration.ZERO)
                  .jitter(Duration.ofMillis(1500))
                  .onFailure(FailurePolicy.KEEP)
                  .shutdownGrace(Duration.ofSeconds(30))
                  .jvmMetrics(false)
                  .build());
    }

    @Test
    void fractionalIntervalKeepsNanoseconds() {
      MonitorConfig config =
          LOADER.parse("app:\n  export_interval_seconds: 1.000000001\n", "monitor.yml");

      assertThat(config.app().exportInterval()).isEqualTo(Duration.ofSeconds(1, 1));
    }

    @Test
    void wholeFloatIsAcceptedForAnInteger() {
      assertThat(LOADER.parse("app:\n  prometheus_port: 2.0\n", "monitor.yml").app().prometheusPort())
          .isEqualTo(2);
    }

    @Test
    void intervalMustBePositiveAndANumber() {
      assertThat(problemsOf("app:\n  export_interval_seconds: 0\n"))
          .containsExactly(
              "monitor.yml:2:28: app.export_interval_seconds: expecting value > 0. Found: 0");
      assertThat(problemsOf("app:\n  export_interval_seconds: -1\n"))
          .containsExactly(
              "monitor.yml:2:28: app.export_interval_seconds: expecting value > 0. Found: -1");
      assertThat(problemsOf("app:\n  export_interval_seconds: abc\n"))
          .containsExactly(
              "monitor.yml:2:28: app.export_interval_seconds: expecting a number of seconds or a"
                  + " duration such as 500ms, 30s, 1m30s or 2h. Found: \"abc\"");
      assertThat(problemsOf("app:\n  export_interval_seconds: .inf\n"))
          .containsExactly(
              "monitor.yml:2:28: app.export_interval_seconds: expecting a finite number. Found: .inf");
    }

    @Test
    void portOutOfRangeIsReported() {
      assertThat(problemsOf("app:\n  prometheus_port: 70000\n"))
          .containsExactly(
              "monitor.yml:2:20: app.prometheus_port: expecting value between 0 and 65535."
                  + " Found: 70000");
    }

    @Test
    void fractionForAnIntegerIsReported() {
      assertThat(problemsOf("app:\n  prometheus_port: 1.5\n"))
          .containsExactly("monitor.yml:2:20: app.prometheus_port: expecting an integer. Found: 1.5");
    }

    @Test
    void executionModeIsCaseSensitiveAndListsTheAllowedValues() {
      assertThat(problemsOf("app:\n  execution_mode: SYNC\n"))
          .containsExactly(
              "monitor.yml:2:19: app.execution_mode: expecting one of: sync, async, multithreaded."
                  + " Found: \"SYNC\"");
    }

    @Test
    void threadsAndHostAreChecked() {
      assertThat(problemsOf("app:\n  threads: 0\n  prometheus_host: ' '\n"))
          .containsExactly(
              "monitor.yml:2:12: app.threads: expecting value > 0. Found: 0",
              "monitor.yml:3:20: app.prometheus_host: must not be blank. Found: \" \"");
    }

    @Test
    void unknownAppKeyIsReportedWithItsLineAndASuggestion() {
      assertThat(problemsOf("app:\n  prometheus_prot: 9100\n"))
          .containsExactly(
              "monitor.yml:2:3: app.prometheus_prot: unknown key; expecting one of: config_dir, enable_reload_endpoint,"
                  + " execution_mode, export_interval_seconds, initial_delay_seconds, jitter_seconds,"
                  + " jvm_metrics, max_requests, max_series, on_failure, prometheus_host, prometheus_port,"
                  + " shard_count, shard_index, shutdown_grace_seconds, threads, timeout_seconds, web_config_file."
                  + " Did you mean 'prometheus_port'? Found: 9100");
    }

    @Test
    void blankHostAndZeroThreadsAreReportedWithBeanValidation() {
      assertThat(problemsOf("app:\n  prometheus_host: \"\\t\"\n  threads: 0\n"))
          .containsExactly(
              "monitor.yml:2:20: app.prometheus_host: must not be blank. Found: \"\\t\"",
              "monitor.yml:3:12: app.threads: expecting value > 0. Found: 0");
    }
  }

  /** The schedule keys of an entry and their app defaults. */
  @Nested
  class EntrySchedules {

    @Test
    void entryScheduleOverridesTheAppDefaultsKeyByKey() {
      MonitorConfig config =
          LOADER.parse(
              """
              app:
                export_interval_seconds: 30
                jitter_seconds: 2
              exporters:
                - type: heartbeat
                  name: inherits
                - type: heartbeat
                  name: overrides
                  export_interval_seconds: 5
                  timeout_seconds: 1.5
                  initial_delay_seconds: 0.5
                  jitter_seconds: 0
                  on_failure: keep
              """,
              "monitor.yml");

      assertThat(config.exporters())
          .extracting(ExporterEntry::schedule)
          .containsExactly(
              new ExporterSchedule(
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(30),
                  Duration.ZERO,
                  Duration.ofSeconds(2),
                  FailurePolicy.DROP),
              new ExporterSchedule(
                  Duration.ofSeconds(5),
                  Duration.ofMillis(1500),
                  Duration.ofMillis(500),
                  Duration.ZERO,
                  FailurePolicy.KEEP));
    }

    @Test
    void entryTimeoutDefaultsToItsOwnIntervalUnlessTheAppSetsOne() {
      String entries =
          """
          exporters:
            - type: heartbeat
              export_interval_seconds: 5
          """;

      assertThat(LOADER.parse(entries, "monitor.yml").exporters().get(0).schedule().timeout())
          .isEqualTo(Duration.ofSeconds(5));
      assertThat(
              LOADER.parse("app: {timeout_seconds: 2}\n" + entries, "monitor.yml")
                  .exporters().get(0).schedule().timeout())
          .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void scheduleValuesOutOfRangeAreReportedWithTheirPaths() {
      assertThatThrownBy(
              () ->
                  LOADER.parse(
                      """
                      app:
                        timeout_seconds: 0
                        on_failure: ignore
                      exporters:
                        - type: heartbeat
                          export_interval_seconds: -5
                          jitter_seconds: -1
                          on_failure: Keep
                      """,
                      "monitor.yml"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "5 problems in the config:\n"
                  + "  monitor.yml:2:20: app.timeout_seconds: expecting value > 0. Found: 0\n"
                  + "  monitor.yml:3:15: app.on_failure: expecting one of: keep, drop. Found: \"ignore\"\n"
                  + "  monitor.yml:6:30: exporters[0].export_interval_seconds: expecting value > 0. Found: -5\n"
                  + "  monitor.yml:7:21: exporters[0].jitter_seconds: expecting value >= 0. Found: -1\n"
                  + "  monitor.yml:8:17: exporters[0].on_failure: expecting one of: keep, drop. Found: \"Keep\"");
    }
  }

  /** The entries of the exporters list: their keys, types and names. */
  @Nested
  class ExporterEntries {

    @Test
    void misspeltEntryKeyDoesNotHideConfigProblems() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: s3_size
                      nmae: archive
                      config:
                        bucket_names: []
                  """))
          .containsExactly(
              "monitor.yml:3:5: exporters[0].nmae: unknown key; expecting one of: config, enabled,"
                  + " export_interval_seconds, initial_delay_seconds, jitter_seconds, max_series, name, on_failure,"
                  + " sharding, timeout_seconds, type. Did you mean 'name'? Found: \"archive\"",
              "monitor.yml:5:21: exporters[0].config.bucket_names: must not be empty. Found: []");
    }

    @Test
    void missingTypeIsReportedAtTheEntry() {
      assertThat(problemsOf("exporters:\n  - name: x\n"))
          .containsExactly("monitor.yml:2:5: exporters[0]: missing required key 'type'");
    }

    @Test
    void unknownTypeIsReportedWithTheKnownTypesAndASuggestion() {
      assertThat(problemsOf("exporters:\n  - type: s3_sise\n"))
          .containsExactly(
              "monitor.yml:2:11: exporters[0].type: unknown exporter type; known types: dir_size,"
                  + " heartbeat, http_probe, key_value, s3_size. Did you mean 's3_size'?"
                  + " Found: \"s3_sise\"");
    }

    @Test
    void duplicateTypeAndNameIsReportedAtTheSecondEntry() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: dir_size
                      name: logs
                    - type: dir_size
                    - type: dir_size
                      name: logs
                  """))
          .containsExactly(
              "monitor.yml:5:5: exporters[2]: another enabled entry, at line 2, has the same type"
                  + " and name 'dir_size.logs'; give each a distinct name");
    }

    @Test
    void disabledEntryWithAnUnknownTypeIsAccepted() {
      MonitorConfig config =
          LOADER.parse(
              """
              exporters:
                - type: not_installed
                  enabled: false
                  config: [whatever]
                - type: heartbeat
              """,
              "monitor.yml");

      assertThat(config.exporters())
          .extracting(ExporterEntry::type, ExporterEntry::enabled, ExporterEntry::provider)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("not_installed", false, null),
              org.assertj.core.groups.Tuple.tuple(
                  "heartbeat", true, LOADER_CATALOG.find("heartbeat").orElseThrow()));
      assertThat(config.enabledExporters()).extracting(ExporterEntry::type).containsExactly("heartbeat");
    }

    @Test
    void disabledEntryStillNeedsItsShape() {
      assertThat(problemsOf("exporters:\n  - type: 12\n    enabled: maybe\n"))
          .containsExactly(
              "monitor.yml:2:11: exporters[0].type: expecting a string; quote the value to make it"
                  + " one. Found: 12",
              "monitor.yml:3:14: exporters[0].enabled: expecting true or false. Found: \"maybe\"");
    }
  }

  /** An entry's config, bound to its exporter's config class and validated. */
  @Nested
  class ExporterConfigs {

    @Test
    void unknownConfigKeyIsReportedWithASuggestion() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: s3_size
                      config:
                        bucket_names: [logs]
                        bucket_name: logs
                  """))
          .containsExactly(
              "monitor.yml:5:7: exporters[0].config.bucket_name: unknown key; expecting one of:"
                  + " bucket_names, max_keys, metric_name, secret_access_key."
                  + " Did you mean 'bucket_names'? Found: \"logs\"");
    }

    @Test
    void recordConstructorRefusalIsReportedWithItsMessage() {
      assertThat(problemsOf("exporters:\n  - type: http_probe\n    config:\n      url: ftp://x\n"))
          .containsExactly(
              "monitor.yml:4:7: exporters[0].config: url: expecting http:// or https://."
                  + " Found: {url: \"ftp://x\"}");
    }

    @Test
    void exporterWithoutConfigRefusesAConfig() {
      assertThat(problemsOf("exporters:\n  - type: heartbeat\n    config: {interval: 1}\n"))
          .containsExactly(
              "monitor.yml:3:13: exporters[0].config: exporter type 'heartbeat' takes no config."
                  + " Found: {interval: 1}");
    }

    @Test
    void exporterWithoutConfigAcceptsAnEmptyOne() {
      MonitorConfig config =
          LOADER.parse(
              "exporters:\n  - type: heartbeat\n  - type: heartbeat\n    name: b\n    config: {}\n",
              "monitor.yml");

      assertThat(config.exporters()).extracting(ExporterEntry::config).containsExactly(null, null);
    }

    @Test
    void recordDefaultsApplyWithoutConfigOrWithAnEmptyOne() {
      MonitorConfig config =
          LOADER.parse(
              """
              exporters:
                - type: http_probe
                  name: absent
                - type: http_probe
                  name: empty
                  config: {}
                - type: http_probe
                  name: "null"
                  config:
                - type: http_probe
                  name: partial
                  config:
                    timeout_seconds: 3
                    insecure: true
              """,
              "monitor.yml");

      assertThat(config.exporters())
          .extracting(ExporterEntry::config)
          .containsExactly(
              new TestProbeExporter.Settings(TestProbeExporter.Settings.DEFAULT_URL, null, 10, false),
              new TestProbeExporter.Settings(TestProbeExporter.Settings.DEFAULT_URL, null, 10, false),
              new TestProbeExporter.Settings(TestProbeExporter.Settings.DEFAULT_URL, null, 10, false),
              new TestProbeExporter.Settings(TestProbeExporter.Settings.DEFAULT_URL, null, 3, true));
      assertThat(config.exporters().get(0).provider().isAsync()).isTrue();
    }

    @Test
    void missingConfigIsBoundAsEmptySoThatConstraintsAndDefaultsApply() {
      assertThat(problemsOf("exporters:\n  - type: s3_size\n"))
          .containsExactly(
              "monitor.yml:2:5: exporters[0].config.bucket_names: must not be empty. Found: []");
    }

    @Test
    void plainClassDefaultsApplyWithoutConfigOrWithAnEmptyOne() {
      MonitorConfig config =
          LOADER.parse(
              """
              exporters:
                - type: dir_size
                  name: absent
                - type: dir_size
                  name: empty
                  config: {}
                - type: dir_size
                  name: partial
                  config:
                    max_depth: 2
              """,
              "monitor.yml");

      List<TestDirectoryConfig> configs =
          config.exporters().stream().map(entry -> (TestDirectoryConfig) entry.config()).toList();
      assertThat(configs).extracting(TestDirectoryConfig::paths).containsOnly(List.of("/var/log"));
      assertThat(configs).extracting(TestDirectoryConfig::followLinks).containsOnly(true);
      assertThat(configs).extracting(TestDirectoryConfig::maxDepth).containsExactly(8, 8, 2);
    }

    @Test
    void constraintViolationIsReportedAtTheSnakeCasePathWithTheValueFound() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: s3_size
                      config:
                        bucket_names: [logs, " ", backups]
                        max_keys: 0
                  """))
          .containsExactly(
              "monitor.yml:4:28: exporters[0].config.bucket_names[1]: must not be blank."
                  + " Found: \" \"",
              "monitor.yml:5:17: exporters[0].config.max_keys: must be greater than or equal to 1."
                  + " Found: 0");
    }

    @Test
    void emptyListViolationShowsTheList() {
      assertThat(problemsOf("exporters:\n  - type: s3_size\n    config:\n      bucket_names: []\n"))
          .containsExactly(
              "monitor.yml:4:21: exporters[0].config.bucket_names: must not be empty. Found: []");
    }

    @Test
    void secretValueIsMaskedInFound() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: s3_size
                      config:
                        bucket_names: [logs]
                        secret_access_key: hunter2
                    - type: http_probe
                      config:
                        api_token: 12345
                  """))
          .containsExactly(
              "monitor.yml:5:26: exporters[0].config.secret_access_key: size must be between 8 and"
                  + " 2147483647. Found: ****",
              "monitor.yml:8:18: exporters[1].config.api_token: expecting a string; quote the value to"
                  + " make it one. Found: ****");
    }

    @Test
    void duplicateKeyInsideAnExportersConfigIsReportedWithTheOtherProblems() {
      assertThat(
              problemsOf(
                  """
                  exporters:
                    - type: s3_size
                      config:
                        bucket_names: [a]
                        max_keys: 0
                        bucket_names: [b]
                  """))
          .containsExactly(
              "monitor.yml:6:7: exporters[0].config.bucket_names: duplicate key; first written at"
                  + " line 4");
    }

    @Test
    void configThatIsNotAMappingIsReported() {
      assertThat(problemsOf("exporters:\n  - type: dir_size\n    config: /var/log\n"))
          .containsExactly(
              "monitor.yml:3:13: exporters[0].config: expecting a mapping. Found: \"/var/log\"");
    }

    @Test
    void nullForAPrimitiveIsReported() {
      assertThat(problemsOf("exporters:\n  - type: dir_size\n    config:\n      max_depth: ~\n"))
          .containsExactly(
              "monitor.yml:4:18: exporters[0].config.max_depth: expecting an integer. Found: ~");
      assertThat(problemsOf("exporters:\n  - type: http_probe\n    config: {insecure: null}\n"))
          .containsExactly(
              "monitor.yml:3:24: exporters[0].config.insecure: expecting true or false."
                  + " Found: null");
    }

    @Test
    void quotedNumberIsAStringWhereAStringIsExpected() {
      MonitorConfig config =
          LOADER.parse(
              "exporters:\n  - type: key_value\n    config: {config_key_one: \"19094\", config_key_two: x}\n",
              "monitor.yml");

      assertThat(config.exporters().get(0).config())
          .isEqualTo(new TestKeyValueExporter.Settings("19094", "x"));
    }
  }
}
