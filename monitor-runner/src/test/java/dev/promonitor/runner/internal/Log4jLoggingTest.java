package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.LoggingSettings.Output;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.ThresholdFilter;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class Log4jLoggingTest {

  @TempDir Path dir;

  @AfterEach
  void restoreTheTestConfiguration() {
    context().reconfigure();
  }

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }

  private static Configuration configuration() {
    return context().getConfiguration();
  }

  private static Appender theAppender() {
    Map<String, Appender> appenders = configuration().getAppenders();
    assertThat(appenders).containsOnlyKeys("output");
    return appenders.get("output");
  }

  private static Level levelOf(String loggerName) {
    LoggerConfig logger = configuration().getLoggerConfig(loggerName);
    assertThat(logger.getName()).isEqualTo(loggerName);
    return logger.getLevel();
  }

  private static LoggingSettings settings(
      String rootLevel, Map<String, String> loggers, String outputLevel, String pattern) {
    return new LoggingSettings(rootLevel, loggers, outputLevel, pattern, Output.STDERR, null);
  }

  private static Map<String, String> loggers(String... namesAndLevels) {
    Map<String, String> loggers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndLevels.length; i += 2) {
      loggers.put(namesAndLevels[i], namesAndLevels[i + 1]);
    }
    return loggers;
  }

  @Test
  void defaultsLogInfoToStandardErrorInTheDefaultPattern() {
    Log4jLogging.apply(LoggingSettings.defaults(), false);

    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.INFO);
    assertThat(theAppender()).isInstanceOf(ConsoleAppender.class);
    ConsoleAppender console = (ConsoleAppender) theAppender();
    assertThat(console.getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);
    assertThat(console.getFilter()).isNull();
    assertThat(((PatternLayout) console.getLayout()).getConversionPattern())
        .isEqualTo("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %logger: %msg%n%throwable");
  }

  @Test
  void settingsGiveTheLevelsThresholdAndPattern() {
    Log4jLogging.apply(
        settings("WARN", loggers("exporters", "INFO", "dev.promonitor", "ERROR"), "INFO", "%level %msg%n"),
        false);

    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.WARN);
    assertThat(levelOf("exporters")).isEqualTo(Level.INFO);
    assertThat(levelOf("dev.promonitor")).isEqualTo(Level.ERROR);
    ConsoleAppender console = (ConsoleAppender) theAppender();
    assertThat(((PatternLayout) console.getLayout()).getConversionPattern()).isEqualTo("%level %msg%n");
    assertThat(console.getFilter()).isInstanceOf(ThresholdFilter.class);
    assertThat(((ThresholdFilter) console.getFilter()).getLevel()).isEqualTo(Level.INFO);
    assertThat(LoggerFactory.getLogger("exporters.dir_size").isInfoEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("exporters.dir_size").isDebugEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("dev.promonitor.core").isWarnEnabled()).isFalse();
  }

  @Test
  void verboseLowersTheRootEveryLoggerAndTheThresholdToDebug() {
    Log4jLogging.apply(
        settings("WARN", loggers("exporters", "INFO", "noisy", "OFF", "traced", "TRACE"), "ERROR", null),
        true);

    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.DEBUG);
    assertThat(levelOf("exporters")).isEqualTo(Level.DEBUG);
    assertThat(levelOf("noisy")).isEqualTo(Level.DEBUG);
    assertThat(levelOf("traced")).isEqualTo(Level.TRACE);
    assertThat(((ThresholdFilter) ((ConsoleAppender) theAppender()).getFilter()).getLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(LoggerFactory.getLogger("exporters.dir_size").isDebugEnabled()).isTrue();
  }

  @Test
  void standardOutputIsATargetToo() {
    Log4jLogging.apply(new LoggingSettings(null, Map.of(), null, null, Output.STDOUT, null), false);

    assertThat(((ConsoleAppender) theAppender()).getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_OUT);
  }

  @Test
  void fileOutputAppendsLinesToTheFile() throws Exception {
    Path file = dir.resolve("logs/promonitor.log");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "an earlier line\n");

    Log4jLogging.apply(new LoggingSettings(null, Map.of(), null, null, Output.FILE, file.toString()), false);
    LoggerFactory.getLogger("file.test").info("hello from {}", "the file appender");
    LoggerFactory.getLogger("file.test").debug("not at INFO");

    assertThat(theAppender()).isInstanceOf(FileAppender.class);
    assertThat(((FileAppender) theAppender()).getFileName()).isEqualTo(file.toString());
    var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("an earlier line");
    assertThat(lines.get(1))
        .matches(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+] file\\.test: hello from the file appender");
  }

  @Test
  void applyDefaultsLogsToStandardErrorAndVerboseMeansDebug() {
    Log4jLogging.applyDefaults(false);
    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.INFO);
    assertThat(((ConsoleAppender) theAppender()).getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);

    Log4jLogging.applyDefaults(true);
    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void unknownLevelIsRefusedWithTheLoggerName() {
    assertThatThrownBy(() -> Log4jLogging.apply(settings(null, loggers("exporters", "VERBOSE"), null, null), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "logging level of logger 'exporters': expecting TRACE, DEBUG, INFO, WARN, ERROR or OFF."
                + " Found: VERBOSE");
  }

  @Test
  void log4jStartsOnTheDefaultsMadeInCodeWithoutAFileOrMBeans() throws Exception {
    context().reconfigure(); // as at Log4j's start: asks the configuration factory

    assertThat(configuration().getName()).isEqualTo("promonitor");
    assertThat(configuration().getConfigurationSource().getLocation()).isNull();
    assertThat(theAppender()).isInstanceOf(ConsoleAppender.class);
    assertThat(((ConsoleAppender) theAppender()).getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);
    assertThat(((PatternLayout) theAppender().getLayout()).getConversionPattern())
        .isEqualTo(Log4jLogging.DEFAULT_PATTERN);
    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.INFO);
    assertThat(
            ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("org.apache.logging.log4j2:*"), null))
        .isEmpty();
  }

  private java.util.List<String> logTwoLines(Log4jLogging.Overrides overrides) throws Exception {
    Path file = dir.resolve("flags.log");
    Log4jLogging.apply(
        new LoggingSettings(null, Map.of(), null, null, Output.FILE, file.toString()),
        false,
        overrides);
    LoggerFactory.getLogger("flags.test").warn("disk \"data\" is {}% full", 93);
    LoggerFactory.getLogger("flags.test").info("not at WARN");
    LoggerFactory.getLogger("flags.test").error("export failed", new java.io.IOException("no route"));
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void logfmtFormatWritesKeyValuePairsWithQuotedMessages() throws Exception {
    var lines = logTwoLines(Log4jLogging.Overrides.parse("warn", "logfmt"));

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches(
            "time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=warn"
                + " logger=flags\\.test msg=\"disk \\\\\"data\\\\\" is 93% full\"");
    assertThat(lines.get(1)).endsWith(" level=error logger=flags.test msg=\"export failed\" err=\"no route\"");
  }

  @Test
  void jsonFormatWritesOneObjectALineWithTimeLevelLoggerAndMsg() throws Exception {
    var lines = logTwoLines(Log4jLogging.Overrides.parse("WARN", "json"));

    assertThat(lines).hasSize(2);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var warning = mapper.readTree(lines.get(0));
    assertThat(warning.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(warning.get("level").asText()).isEqualTo("warn");
    assertThat(warning.get("logger").asText()).isEqualTo("flags.test");
    assertThat(warning.get("msg").asText()).isEqualTo("disk \"data\" is 93% full");
    assertThat(warning.has("err")).isFalse();
    var error = mapper.readTree(lines.get(1));
    assertThat(error.get("err").asText()).isEqualTo("no route");
    assertThat(error.get("stack_trace").asText()).startsWith("java.io.IOException: no route");
  }

  @Test
  void logLevelFlagReplacesTheConfiguredRootLevel() {
    Log4jLogging.apply(
        settings("DEBUG", Map.of(), null, null), false, Log4jLogging.Overrides.parse("error", null));

    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.ERROR);
  }

  @Test
  void aMaskedFailureIsLoggedWithTheOriginalClassesInEveryFormat() throws Exception {
    Throwable failure =
        dev.promonitor.core.internal.SecretMasking.masked(
            new IllegalStateException(
                "login refused: password=hunter2", new java.io.IOException("connection reset")));
    for (Log4jLogging.Overrides overrides :
        java.util.List.of(
            Log4jLogging.Overrides.NONE,
            Log4jLogging.Overrides.parse(null, "logfmt"),
            Log4jLogging.Overrides.parse(null, "json"))) {
      Path file = dir.resolve("masked-" + overrides.format() + ".log");
      Log4jLogging.apply(
          new LoggingSettings(null, Map.of(), null, null, Output.FILE, file.toString()),
          false,
          overrides);
      LoggerFactory.getLogger("masked.test").error("Exporter 'x.y' raised an error", failure);

      String logged = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(logged).contains("login refused: password=****").doesNotContain("hunter2");
      assertThat(logged.replace("\\n", "\n").replace("\\t", "\t").lines().filter(line -> !line.startsWith("\t")))
          .noneMatch(line -> line.contains("dev.promonitor.core.internal"));
      if (overrides.format() == null) {
        assertThat(logged)
            .contains("\njava.lang.IllegalStateException: login refused: password=****\n")
            .contains("\nCaused by: java.io.IOException: connection reset\n");
      }
    }
  }

  @Test
  void startAppliesTheDefaultsMadeInCodeEvenWhenLog4jRunsAlready() {
    Log4jLogging.apply(settings("ERROR", Map.of(), null, "%m%n"), false);

    Log4jLogging.start();

    assertThat(configuration().getName()).isEqualTo("promonitor");
    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.INFO);
    assertThat(((PatternLayout) theAppender().getLayout()).getConversionPattern())
        .isEqualTo(Log4jLogging.DEFAULT_PATTERN);
  }

  @Test
  void applyingTheSameSettingsAgainKeepsTheRunningConfiguration() {
    Log4jLogging.apply(LoggingSettings.defaults(), false);
    Configuration applied = configuration();

    Log4jLogging.apply(LoggingSettings.defaults(), false);
    assertThat(configuration()).isSameAs(applied);

    Log4jLogging.apply(LoggingSettings.defaults(), true);
    assertThat(configuration()).isNotSameAs(applied);
    assertThat(configuration().getRootLogger().getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void theSameSettingsAreAppliedAgainWhenASecretWasRememberedOrTheConfigurationReplaced() {
    Log4jLogging.apply(LoggingSettings.defaults(), false);
    Configuration applied = configuration();

    dev.promonitor.core.internal.SecretMasking.remember("s3cr3t-for-the-log-" + System.nanoTime());
    Log4jLogging.apply(LoggingSettings.defaults(), false);
    assertThat(configuration()).isNotSameAs(applied);

    Configuration remembered = configuration();
    context().reconfigure();
    Log4jLogging.apply(LoggingSettings.defaults(), false);
    assertThat(configuration()).isNotSameAs(remembered);
    assertThat(configuration().getName()).isEqualTo("promonitor");
  }

  @Test
  void theComparisonWithTheLastSettingsKnowsEveryComponentOfThem() {
    // Log4jLogging.sameAsLast compares field by field: a new component must be compared there too.
    assertThat(LoggingSettings.class.getRecordComponents())
        .extracting(java.lang.reflect.RecordComponent::getName)
        .containsExactly("rootLevel", "loggerLevels", "outputLevel", "pattern", "output", "file");
    assertThat(Log4jLogging.Overrides.class.getRecordComponents())
        .extracting(java.lang.reflect.RecordComponent::getName)
        .containsExactly("level", "format");
  }
}
