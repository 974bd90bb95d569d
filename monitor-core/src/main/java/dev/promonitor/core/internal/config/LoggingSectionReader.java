package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.LoggingSettings.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code logging} section into {@link LoggingSettings}: the Python framework's
 * {@code dictConfig} form (with logger entries under {@code loggers:} or, as in the Python framework's
 * README, directly under {@code logging:}) and a short native form ({@code level}, {@code format},
 * {@code loggers.<name>: LEVEL}).
 */
final class LoggingSectionReader {

  private static final Pattern LINE_SEPARATOR =
      Pattern.compile("%n(?![A-Za-z])");

  private static final JsonPointer LOGGING = JsonPointer.compile("/logging");

  private static final List<String> KEYS =
      List.of(
          "version",
          "disable_existing_loggers",
          "incremental",
          "formatters",
          "filters",
          "handlers",
          "root",
          "loggers",
          "level",
          "format",
          "datefmt");

  private static final String LEVELS = "TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL, OFF, NOTSET";

  private static final String STREAM_HANDLER = "logging.StreamHandler";
  private static final Set<String> FILE_HANDLERS =
      Set.of(
          "logging.FileHandler",
          "logging.handlers.RotatingFileHandler",
          "logging.handlers.TimedRotatingFileHandler",
          "logging.handlers.WatchedFileHandler");
  private static final String STDOUT = "ext://sys.stdout";
  private static final String STDERR = "ext://sys.stderr";

  /** A handler reference in a logger's {@code handlers} list, for choosing the output. */
  private record HandlerRef(String name, JsonPointer at) {}

  private final Problems problems;
  private final Map<String, JsonPointer> formatters = new LinkedHashMap<>();
  private final Map<String, JsonPointer> handlers = new LinkedHashMap<>();
  private final List<HandlerRef> rootHandlers = new ArrayList<>();
  private final List<HandlerRef> exportersHandlers = new ArrayList<>();
  private final List<HandlerRef> loggerHandlers = new ArrayList<>();
  private final Map<String, String> loggerLevels = new LinkedHashMap<>();
  private @Nullable String rootLevel;
  private @Nullable JsonPointer nativeFormat;
  private @Nullable String nativeDateFormat;

  private LoggingSectionReader(Problems problems) {
    this.problems = problems;
  }

  static LoggingSettings read(@Nullable JsonNode section, Problems problems) {
    if (section == null || section.isNull()) {
      return LoggingSettings.defaults();
    }
    if (!section.isObject()) {
      problems.add(LOGGING, "expecting a mapping");
      return LoggingSettings.defaults();
    }
    int before = problems.count();
    LoggingSettings settings = new LoggingSectionReader(problems).readSection(section);
    return problems.count() > before ? LoggingSettings.defaults() : settings;
  }

  private LoggingSettings readSection(JsonNode section) {
    for (Map.Entry<String, JsonNode> field : section.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      JsonPointer at = LOGGING.appendProperty(key);
      switch (key) {
        case "version" -> {
          if (!value.isIntegralNumber() || value.asInt() != 1) {
            problems.add(at, "expecting 1");
          }
        }
        case "disable_existing_loggers", "incremental" -> {
          if (!value.isBoolean()) {
            problems.add(at, "expecting true or false");
          }
        }
        case "filters" -> {
          // Python filters have no counterpart; accepted and ignored.
        }
        case "formatters" -> namedMappings(value, at, formatters);
        case "handlers" -> namedMappings(value, at, handlers);
        case "root" -> {
          if (expectMapping(value, at)) {
            rootLevel = level(value.get("level"), at.appendProperty("level"), rootLevel);
            handlerRefs(value.get("handlers"), at.appendProperty("handlers"), rootHandlers);
          }
        }
        case "loggers" -> {
          if (expectMapping(value, at)) {
            for (Map.Entry<String, JsonNode> logger : value.properties()) {
              logger(logger.getKey(), logger.getValue(), at.appendProperty(logger.getKey()), true);
            }
          }
        }
        case "level" -> rootLevel = level(value, at, rootLevel);
        case "format" -> {
          if (value.isTextual()) {
            nativeFormat = at;
          } else {
            problems.add(at, "expecting a string");
          }
        }
        case "datefmt" -> {
          if (value.isTextual()) {
            nativeDateFormat = value.textValue();
          } else {
            problems.add(at, "expecting a string");
          }
        }
        default -> {
          if (value.isObject() && (value.has("level") || value.has("handlers"))) {
            // The Python framework's README puts loggers directly under logging:, without loggers:.
            logger(key, value, at, false);
          } else {
            problems.addAtKey(at, ConfigBinder.unknownKeyMessage(key, KEYS));
          }
        }
      }
    }
    HandlerRef chosen = chooseHandler();
    Output output = Output.STDERR;
    String file = null;
    String outputLevel = null;
    String pattern = null;
    for (Map.Entry<String, JsonPointer> handler : handlers.entrySet()) {
      JsonNode node = problems.document().nodeAt(handler.getValue());
      if (node == null || !node.isObject()) {
        continue;
      }
      JsonPointer at = handler.getValue();
      Output handlerOutput = output(node, at);
      String handlerFile = textOrNull(node.get("filename"));
      String handlerLevel = level(node.get("level"), at.appendProperty("level"), null);
      String handlerPattern = null;
      JsonNode formatter = node.get("formatter");
      if (formatter != null) {
        if (!formatter.isTextual()) {
          problems.add(at.appendProperty("formatter"), "expecting a string");
        } else if (!formatters.containsKey(formatter.textValue())) {
          problems.add(
              at.appendProperty("formatter"),
              "unknown formatter; defined formatters: " + namesOf(formatters));
        } else {
          handlerPattern = formatterPattern(formatters.get(formatter.textValue()));
        }
      }
      if (chosen != null && chosen.name().equals(handler.getKey()) && handlerOutput != null) {
        output = handlerOutput;
        file = output == Output.FILE ? handlerFile : null;
        outputLevel = handlerLevel;
        pattern = handlerPattern;
      }
    }
    if (nativeFormat != null) {
      pattern = nativePattern(nativeFormat);
    }
    return new LoggingSettings(rootLevel, loggerLevels, outputLevel, pattern, output, file);
  }

  private void logger(String name, JsonNode value, JsonPointer at, boolean plainLevelAllowed) {
    if (plainLevelAllowed && value.isTextual()) {
      setLoggerLevel(name, level(value, at, null));
      return;
    }
    if (!expectMapping(value, at)) {
      return;
    }
    String level = level(value.get("level"), at.appendProperty("level"), null);
    List<HandlerRef> refs = new ArrayList<>();
    handlerRefs(value.get("handlers"), at.appendProperty("handlers"), refs);
    JsonNode propagate = value.get("propagate");
    if (propagate != null && !propagate.isBoolean()) {
      problems.add(at.appendProperty("propagate"), "expecting true or false");
    }
    if (name.equals("exporters")) {
      exportersHandlers.addAll(refs);
    }
    loggerHandlers.addAll(refs);
    setLoggerLevel(name, level);
  }

  private void setLoggerLevel(String name, @Nullable String level) {
    if (name.equals("root") || name.isEmpty()) {
      if (level != null) {
        rootLevel = level;
      }
      return;
    }
    if (level != null) {
      loggerLevels.put(loggerName(name), level);
    }
  }

  /** The Python framework's own modules ({@code src}, {@code src.app...}) are promonitor's. */
  static String loggerName(String pythonName) {
    if (pythonName.equals("src")) {
      return "dev.promonitor";
    }
    if (pythonName.startsWith("src.")) {
      return "dev.promonitor." + pythonName.substring("src.".length());
    }
    return pythonName;
  }

  /**
   * Maps a Python or Log4j level name; {@code NOTSET} gives {@code null} (no level of its own).
   *
   * @param otherwise the value when the key is absent
   */
  private @Nullable String level(
      @Nullable JsonNode value, JsonPointer at, @Nullable String otherwise) {
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isTextual()) {
      problems.add(at, "expecting a level: " + LEVELS);
      return otherwise;
    }
    String level = value.textValue().strip().toUpperCase(Locale.ROOT);
    switch (level) {
      case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> {
        return level;
      }
      case "WARNING" -> {
        return "WARN";
      }
      case "CRITICAL", "FATAL" -> {
        return "ERROR";
      }
      case "NOTSET" -> {
        return null;
      }
      default -> {
        problems.add(at, "unknown level; expecting one of: " + LEVELS);
        return otherwise;
      }
    }
  }

  private @Nullable Output output(JsonNode handler, JsonPointer at) {
    JsonNode handlerClass = handler.get("class");
    if (handlerClass == null || handlerClass.isNull()) {
      problems.addWithoutFound(at, "missing required key 'class'");
      return null;
    }
    String name = handlerClass.asText();
    if (name.equals(STREAM_HANDLER)) {
      JsonNode stream = handler.get("stream");
      if (stream == null || stream.isNull() || stream.asText().equals(STDERR)) {
        return Output.STDERR;
      }
      if (stream.asText().equals(STDOUT)) {
        return Output.STDOUT;
      }
      problems.add(at.appendProperty("stream"), "expecting " + STDOUT + " or " + STDERR);
      return null;
    }
    if (FILE_HANDLERS.contains(name)) {
      JsonNode filename = handler.get("filename");
      if (filename == null || filename.isNull()) {
        problems.addWithoutFound(at, "missing required key 'filename'");
        return null;
      }
      if (!filename.isTextual() || filename.textValue().isBlank()) {
        problems.add(at.appendProperty("filename"), "expecting a file name");
        return null;
      }
      return Output.FILE;
    }
    problems.add(
        at.appendProperty("class"),
        "unsupported handler class; expecting one of: "
            + STREAM_HANDLER
            + ", "
            + String.join(", ", FILE_HANDLERS.stream().sorted().toList()));
    return null;
  }

  private @Nullable String formatterPattern(JsonPointer at) {
    JsonNode formatter = problems.document().nodeAt(at);
    if (formatter == null || !formatter.isObject()) {
      return null;
    }
    JsonNode format = formatter.get("format");
    JsonNode dateFormat = formatter.get("datefmt");
    JsonNode style = formatter.get("style");
    if (style != null && !style.asText().equals("%")) {
      problems.add(at.appendProperty("style"), "only the style '%' is supported");
      return null;
    }
    if (dateFormat != null && !dateFormat.isTextual()) {
      problems.add(at.appendProperty("datefmt"), "expecting a string");
      return null;
    }
    if (format == null || format.isNull()) {
      // Python's default format is the bare message; the framework's default pattern says more.
      return null;
    }
    if (!format.isTextual()) {
      problems.add(at.appendProperty("format"), "expecting a string");
      return null;
    }
    try {
      return PythonLogFormat.toLog4jPattern(
          format.textValue(), dateFormat == null ? null : dateFormat.textValue());
    } catch (PythonLogFormat.Unsupported e) {
      JsonPointer where =
          e.part() == PythonLogFormat.Unsupported.Part.DATEFMT
              ? at.appendProperty("datefmt")
              : at.appendProperty("format");
      problems.add(where, String.valueOf(e.getMessage()));
      return null;
    }
  }

  private @Nullable String nativePattern(JsonPointer at) {
    String format = textOrNull(problems.document().nodeAt(at));
    if (format == null) {
      return null;
    }
    if (!PythonLogFormat.isPythonFormat(format)) {
      // A Log4j pattern that already breaks lines (such as "%msg%n%throwable") is taken as is.
      return LINE_SEPARATOR.matcher(format).find() ? format : format + "%n";
    }
    try {
      return PythonLogFormat.toLog4jPattern(format, nativeDateFormat);
    } catch (PythonLogFormat.Unsupported e) {
      problems.add(at, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** The first handler of root, else of {@code exporters}, else of any logger, else the first. */
  private @Nullable HandlerRef chooseHandler() {
    for (List<HandlerRef> refs : List.of(rootHandlers, exportersHandlers, loggerHandlers)) {
      for (HandlerRef ref : refs) {
        if (handlers.containsKey(ref.name())) {
          return ref;
        }
      }
    }
    return handlers.isEmpty()
        ? null
        : new HandlerRef(handlers.keySet().iterator().next(), handlers.values().iterator().next());
  }

  private void handlerRefs(@Nullable JsonNode value, JsonPointer at, List<HandlerRef> refs) {
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isArray()) {
      problems.add(at, "expecting a list");
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      JsonPointer itemAt = at.appendIndex(i);
      if (!item.isTextual()) {
        problems.add(itemAt, "expecting a string");
      } else if (!handlers.containsKey(item.textValue()) && !handlersPending(item.textValue())) {
        problems.add(itemAt, "unknown handler; defined handlers: " + namesOf(handlers));
      } else {
        refs.add(new HandlerRef(item.textValue(), itemAt));
      }
    }
  }

  /** Handlers may be defined after the loggers that use them. */
  private boolean handlersPending(String name) {
    JsonNode defined = problems.document().nodeAt(LOGGING.appendProperty("handlers"));
    return defined != null && defined.isObject() && defined.has(name);
  }

  private void namedMappings(JsonNode value, JsonPointer at, Map<String, JsonPointer> into) {
    if (!expectMapping(value, at)) {
      return;
    }
    for (Map.Entry<String, JsonNode> named : value.properties()) {
      JsonPointer namedAt = at.appendProperty(named.getKey());
      if (expectMapping(named.getValue(), namedAt)) {
        into.put(named.getKey(), namedAt);
      }
    }
  }

  private boolean expectMapping(JsonNode value, JsonPointer at) {
    if (value.isObject()) {
      return true;
    }
    problems.add(at, "expecting a mapping");
    return false;
  }

  private static @Nullable String textOrNull(@Nullable JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static String namesOf(Map<String, JsonPointer> defined) {
    return defined.isEmpty() ? "none" : String.join(", ", defined.keySet());
  }
}
