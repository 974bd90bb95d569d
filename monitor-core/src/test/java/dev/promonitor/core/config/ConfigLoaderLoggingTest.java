package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.LoggingSettings.Output;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderLoggingTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.create(ExporterCatalog.of(TestHeartbeatExporter.class));

  private static LoggingSettings loggingOf(String yaml) {
    return LOADER.parse(yaml, "monitor.yml").logging();
  }

  private static List<String> problemsOf(String yaml) {
    ConfigException error =
        catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, "monitor.yml"));
    assertThat(error).as("problems expected").isNotNull();
    return error.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void pythonFrameworkDefaultDictConfigLogsToStandardOutputInItsFormat() {
    LoggingSettings logging =
        loggingOf(
            """
            logging:
              version: 1
              disable_existing_loggers: false
              formatters:
                default:
                  format: "[%(asctime)s] %(name)s : %(levelname)s : %(message)s"
                  datefmt: "%Y-%m-%d %H:%M:%S"
              filters: {}
              handlers:
                console:
                  class: logging.StreamHandler
                  formatter: default
                  stream: ext://sys.stdout
              loggers:
                src:
                  level: INFO
                  handlers: [console]
                exporters:
                  level: DEBUG
                  handlers: [console]
                  propagate: false
            """);

    assertThat(logging)
        .isEqualTo(
            new LoggingSettings(
                null,
                Map.of("dev.promonitor", "INFO", "exporters", "DEBUG"),
                null,
                "[%d{yyyy-MM-dd HH:mm:ss}] %logger : %level : %msg%n",
                Output.STDOUT,
                null));
  }

  @Test
  void pythonFrameworkReadmeLoggersWithoutLoggersKeyMapTheirLevels() {
    LoggingSettings logging =
        LOADER.parse(ConfigLoaderTest.PYTHON_FRAMEWORK_README_EXAMPLE.replace("key_value", "heartbeat")
                .replaceAll("(?s)    config:.*", ""), "monitor.yml")
            .logging();

    assertThat(logging.loggerLevels())
        .containsExactly(Map.entry("exporters", "INFO"), Map.entry("dev.promonitor", "INFO"));
    assertThat(logging.outputLevel()).isEqualTo("DEBUG");
    assertThat(logging.output()).isEqualTo(Output.STDERR);
  }

  @Test
  void rootHandlerIsChosenAndFileHandlersWriteToTheirFile() {
    LoggingSettings logging =
        loggingOf(
            """
            logging:
              version: 1
              formatters:
                brief: {format: "%(levelname)-8s %(name)20s %(message).50s"}
              handlers:
                console: {class: logging.StreamHandler}
                file:
                  class: logging.handlers.RotatingFileHandler
                  filename: /var/log/promonitor.log
                  maxBytes: 1048576
                  backupCount: 3
                  level: warning
                  formatter: brief
              root:
                level: CRITICAL
                handlers: [file, console]
              loggers:
                exporters: {level: NOTSET, handlers: [console]}
                src.app: {level: WARNING}
            """);

    assertThat(logging)
        .isEqualTo(
            new LoggingSettings(
                "ERROR",
                Map.of("dev.promonitor.app", "WARN"),
                "WARN",
                "%-8level %20logger %.-50msg%n",
                Output.FILE,
                "/var/log/promonitor.log"));
  }

  @Test
  void nativeFormIsShort() {
    LoggingSettings logging =
        loggingOf(
            """
            logging:
              level: debug
              format: "%d{ISO8601} %-5level %logger - %msg"
              loggers:
                exporters.s3_size: trace
                src: off
            """);

    assertThat(logging)
        .isEqualTo(
            new LoggingSettings(
                "DEBUG",
                Map.of("exporters.s3_size", "TRACE", "dev.promonitor", "OFF"),
                null,
                "%d{ISO8601} %-5level %logger - %msg%n",
                Output.STDERR,
                null));
  }

  @Test
  void nativeLog4jFormatThatAlreadyBreaksLinesGetsNoSecondLineBreak() {
    assertThat(loggingOf("logging:\n  format: '%level %msg%n%throwable'\n").pattern())
        .isEqualTo("%level %msg%n%throwable");
  }

  @Test
  void nativePythonFormatIsConverted() {
    assertThat(loggingOf("logging:\n  format: '%(levelname)s %(message)s'\n").pattern())
        .isEqualTo("%level %msg%n");
  }

  @Test
  void unsupportedLoggingSettingsAreReportedTogether() {
    assertThat(
            problemsOf(
                """
                logging:
                  version: 2
                  formatters:
                    odd: {format: "%(asctime)s %(processName)s %(message)s"}
                  handlers:
                    mail: {class: logging.handlers.SMTPHandler}
                    console: {class: logging.StreamHandler, stream: ext://sys.stdin, formatter: odd}
                  root:
                    level: LOUD
                    handlers: [consol]
                  colour: true
                """))
        .containsExactly(
            "monitor.yml:2:12: logging.version: expecting 1. Found: 2",
            "monitor.yml:4:19: logging.formatters.odd.format: unsupported token"
                + " '%(processName)s' in the format; supported: %(asctime)s, %(created)s,"
                + " %(filename)s, %(funcName)s, %(levelname)s, %(levelno)s, %(lineno)s,"
                + " %(message)s, %(module)s, %(msecs)s, %(name)s, %(pathname)s, %(process)s,"
                + " %(relativeCreated)s, %(thread)s, %(threadName)s."
                + " Found: \"%(asctime)s %(processName)s %(message)s\"",
            "monitor.yml:6:19: logging.handlers.mail.class: unsupported handler class; expecting"
                + " one of: logging.StreamHandler, logging.FileHandler,"
                + " logging.handlers.RotatingFileHandler, logging.handlers.TimedRotatingFileHandler,"
                + " logging.handlers.WatchedFileHandler. Found: \"logging.handlers.SMTPHandler\"",
            "monitor.yml:7:53: logging.handlers.console.stream: expecting ext://sys.stdout or"
                + " ext://sys.stderr. Found: \"ext://sys.stdin\"",
            "monitor.yml:9:12: logging.root.level: unknown level; expecting one of: TRACE, DEBUG,"
                + " INFO, WARN, WARNING, ERROR, CRITICAL, OFF, NOTSET. Found: \"LOUD\"",
            "monitor.yml:10:16: logging.root.handlers[0]: unknown handler; defined handlers:"
                + " mail, console. Found: \"consol\"",
            "monitor.yml:11:3: logging.colour: unknown key; expecting one of: datefmt,"
                + " disable_existing_loggers, filters, format, formatters, handlers,"
                + " incremental, level, loggers, root, version. Found: true");
  }

  @Test
  void eachDictConfigValueIsCheckedWithItsOwnMessage() {
    assertThat(
            problemsOf(
                """
                logging:
                  disable_existing_loggers: "no"
                  level: 5
                  format: [a]
                  formatters:
                    plain: {format: "%(message)s", style: "{"}
                  handlers:
                    file: {class: logging.FileHandler, filename: " ", formatter: fancy}
                    rotating: {class: logging.handlers.RotatingFileHandler}
                    nameless: {stream: ext://sys.stdout}
                    styled: {class: logging.StreamHandler, formatter: plain}
                  loggers:
                    app.db: [DEBUG]
                    app.web: {level: INFO, propagate: maybe, handlers: [7]}
                """))
        .containsExactly(
            "monitor.yml:2:29: logging.disable_existing_loggers: expecting true or false."
                + " Found: \"no\"",
            "monitor.yml:3:10: logging.level: expecting a level: TRACE, DEBUG, INFO, WARN,"
                + " WARNING, ERROR, CRITICAL, OFF, NOTSET. Found: 5",
            "monitor.yml:4:11: logging.format: expecting a string. Found: [\"a\"]",
            "monitor.yml:6:43: logging.formatters.plain.style: only the style '%' is supported."
                + " Found: \"{\"",
            "monitor.yml:8:50: logging.handlers.file.filename: expecting a file name. Found: \" \"",
            "monitor.yml:8:66: logging.handlers.file.formatter: unknown formatter; defined"
                + " formatters: plain. Found: \"fancy\"",
            "monitor.yml:9:15: logging.handlers.rotating: missing required key 'filename'",
            "monitor.yml:10:15: logging.handlers.nameless: missing required key 'class'",
            "monitor.yml:13:13: logging.loggers.app.db: expecting a mapping. Found: [\"DEBUG\"]",
            "monitor.yml:14:39: logging.loggers.app.web.propagate: expecting true or false."
                + " Found: \"maybe\"",
            "monitor.yml:14:57: logging.loggers.app.web.handlers[0]: expecting a string. Found: 7");
  }

  @Test
  void aLoggerUnderLoggingItselfAndAPlainLevelUnderLoggersAreLoggers() {
    LoggingSettings logging =
        loggingOf(
            """
            logging:
              loggers:
                src.app: warning
                root: debug
              exporters:
                level: critical
            """);

    assertThat(logging.rootLevel()).isEqualTo("DEBUG");
    assertThat(logging.loggerLevels())
        .containsExactly(Map.entry("dev.promonitor.app", "WARN"), Map.entry("exporters", "ERROR"));
  }
}
