package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shapes of the framework's own sections as Jackson binds them: one record component per
 * key (snake_case in the file), so that a new key is added in one place, here, and then checked
 * where the section is read. {@code null} means the key is absent.
 */
final class RawSections {

  private RawSections() {}

  /** The top level of the document. */
  record Document(
      @Nullable JsonNode app, @Nullable JsonNode logging, @Nullable JsonNode exporters) {}

  /**
   * The {@code app} section; its ranges are checked in code by {@link AppSectionReader} (messages
   * in client_java's style, with no Bean Validation to bootstrap for them), the {@code *_seconds}
   * ranges by {@code Durations} (their one range check), and the defaults applied there too.
   */
  record App(
      @Nullable String executionMode,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal exportIntervalSeconds,
      @Nullable String prometheusHost,
      @Nullable Integer prometheusPort,
      @Nullable Integer threads,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal timeoutSeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal initialDelaySeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal jitterSeconds,
      @Nullable String onFailure,
      @Nullable Integer maxSeries,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal shutdownGraceSeconds,
      @Nullable Boolean jvmMetrics,
      @Nullable String webConfigFile,
      @Nullable String configDir,
      @Nullable Boolean enableReloadEndpoint,
      @Nullable Integer maxRequests,
      @Nullable Integer shardCount,
      @Nullable JsonNode shardIndex) {}

  /** A file of the config directory: exporter entries and nothing else. */
  record Fragment(@Nullable JsonNode exporters) {}

  /** One entry of the {@code exporters} list; checked by {@link ExporterSectionReader}. */
  record Exporter(
      @Nullable String type,
      @Nullable String name,
      @Nullable Boolean enabled,
      @Nullable JsonNode config,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal exportIntervalSeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal timeoutSeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal initialDelaySeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal jitterSeconds,
      @Nullable String onFailure,
      @Nullable Integer maxSeries,
      @Nullable String sharding) {}

  /**
   * The {@code logging} section: the keys of Python's {@code dictConfig} and the short native form
   * ({@code level}, {@code format}, {@code datefmt}); a logger written directly under
   * {@code logging:}, as in the Python framework's README, is bound apart as a {@link Logger}.
   * Checked and mapped to Log4j by {@link LoggingSectionReader}.
   */
  record Logging(
      @Nullable @JsonDeserialize(using = LoggingValues.Version.class) Integer version,
      @Nullable Boolean disableExistingLoggers,
      @Nullable Boolean incremental,
      // Python filters have no counterpart; accepted and ignored.
      @Nullable JsonNode filters,
      @Nullable Map<String, Formatter> formatters,
      @Nullable Map<String, Handler> handlers,
      @Nullable Logger root,
      @Nullable @JsonDeserialize(contentUsing = LoggingValues.LoggerOrLevel.class)
          Map<String, Logger> loggers,
      @Nullable Level level,
      @Nullable @JsonDeserialize(using = LoggingValues.PlainText.class) String format,
      @Nullable @JsonDeserialize(using = LoggingValues.PlainText.class) String datefmt) {}

  /** A formatter; its other keys (such as {@code validate}) are Python's own and ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Formatter(
      @Nullable @JsonDeserialize(using = LoggingValues.PlainText.class) String format,
      @Nullable @JsonDeserialize(using = LoggingValues.PlainText.class) String datefmt,
      @Nullable @JsonDeserialize(using = LoggingValues.ScalarText.class) String style) {}

  /**
   * A handler; its other keys (such as {@code maxBytes} or {@code when}) are Python's own and
   * ignored: Log4j writes to one stream or file.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Handler(
      @JsonProperty("class") @Nullable @JsonDeserialize(using = LoggingValues.ScalarText.class)
          String handlerClass,
      @Nullable @JsonDeserialize(using = LoggingValues.ScalarText.class) String stream,
      @Nullable @JsonDeserialize(using = LoggingValues.FileName.class) String filename,
      @Nullable Level level,
      @Nullable @JsonDeserialize(using = LoggingValues.PlainText.class) String formatter) {}

  /** The root logger or a named one, written as a mapping or (under {@code loggers:}) a level. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Logger(
      @Nullable Level level,
      @Nullable @JsonDeserialize(contentUsing = LoggingValues.PlainText.class) List<String> handlers,
      @Nullable Boolean propagate) {

    static Logger ofLevel(@Nullable Level level) {
      return new Logger(level, null, null);
    }
  }

  /**
   * A level as Log4j names it, mapped from Python's or Log4j's names.
   *
   * @param log4jName the Log4j level, or {@code null} for Python's {@code NOTSET} (no level of its
   *     own)
   */
  @JsonDeserialize(using = LoggingValues.LevelName.class)
  record Level(@Nullable String log4jName) {}
}
