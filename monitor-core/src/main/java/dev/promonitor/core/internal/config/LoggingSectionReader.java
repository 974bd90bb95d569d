package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.LoggingSettings.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code logging} section into {@link LoggingSettings}: binds it to
 * {@link RawSections.Logging} with {@link ConfigBinder}, as the other sections are bound, then
 * maps Python's {@code dictConfig} form (with logger entries under {@code loggers:} or, as in the
 * Python framework's README, directly under {@code logging:}) and the short native form
 * ({@code level}, {@code format}, {@code loggers.<name>: LEVEL}) to Log4j's terms.
 */
final class LoggingSectionReader {

  private static final Pattern LINE_SEPARATOR = Pattern.compile("%n(?![A-Za-z])");

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

  private static final String STREAM_HANDLER = "logging.StreamHandler";
  private static final Set<String> FILE_HANDLERS =
      Set.of(
          "logging.FileHandler",
          "logging.handlers.RotatingFileHandler",
          "logging.handlers.TimedRotatingFileHandler",
          "logging.handlers.WatchedFileHandler");
  private static final String STDOUT = "ext://sys.stdout";
  private static final String STDERR = "ext://sys.stderr";

  private final Problems problems;
  private final Map<String, RawSections.Formatter> formatters = new LinkedHashMap<>();
  private final Map<String, RawSections.Handler> handlers = new LinkedHashMap<>();
  private final List<String> rootHandlers = new ArrayList<>();
  private final List<String> exportersHandlers = new ArrayList<>();
  private final List<String> loggerHandlers = new ArrayList<>();
  private final Map<String, String> loggerLevels = new LinkedHashMap<>();
  private @Nullable String rootLevel;

  private LoggingSectionReader(Problems problems) {
    this.problems = problems;
  }

  static LoggingSettings read(@Nullable JsonNode section, ConfigBinder binder, Problems problems) {
    if (section == null || section.isNull()) {
      return LoggingSettings.defaults();
    }
    if (!section.isObject()) {
      problems.add(LOGGING, "expecting a mapping");
      return LoggingSettings.defaults();
    }
    int before = problems.count();
    LoggingSettings settings = new LoggingSectionReader(problems).readSection(section, binder);
    return problems.count() > before ? LoggingSettings.defaults() : settings;
  }

  private LoggingSettings readSection(JsonNode section, ConfigBinder binder) {
    // The dictConfig keys are bound together; any other key is a logger written directly under
    // logging: (a mapping with a level or handlers), or unknown.
    ObjectNode known = JsonNodeFactory.instance.objectNode();
    Map<String, RawSections.Logger> topLevelLoggers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : section.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      JsonPointer at = LOGGING.appendProperty(key);
      if (KEYS.contains(key)) {
        known.set(key, value);
      } else if (value.isObject() && (value.has("level") || value.has("handlers"))) {
        RawSections.Logger logger = binder.bind(value, at, RawSections.Logger.class, problems);
        if (logger != null) {
          topLevelLoggers.put(key, logger);
        }
      } else {
        problems.addAtKey(at, ConfigBinder.unknownKeyMessage(key, KEYS));
      }
    }
    RawSections.Logging raw = binder.bind(known, LOGGING, RawSections.Logging.class, problems);
    if (raw == null) {
      return LoggingSettings.defaults();
    }
    namedMappings(raw.formatters(), "formatters", formatters);
    namedMappings(raw.handlers(), "handlers", handlers);
    if (raw.level() != null) {
      rootLevel = raw.level().log4jName();
    }
    if (raw.root() != null) {
      JsonPointer at = LOGGING.appendProperty("root");
      if (raw.root().level() != null) {
        rootLevel = raw.root().level().log4jName();
      }
      handlerRefs(raw.root().handlers(), at.appendProperty("handlers"), rootHandlers);
    }
    if (raw.loggers() != null) {
      JsonPointer loggersAt = LOGGING.appendProperty("loggers");
      raw.loggers().forEach((name, logger) -> logger(name, logger, loggersAt.appendProperty(name)));
    }
    topLevelLoggers.forEach((name, logger) -> logger(name, logger, LOGGING.appendProperty(name)));
    return settings(raw);
  }

  private LoggingSettings settings(RawSections.Logging raw) {
    String chosen = chooseHandler();
    Output output = Output.STDERR;
    String file = null;
    String outputLevel = null;
    String pattern = null;
    for (Map.Entry<String, RawSections.Handler> named : handlers.entrySet()) {
      RawSections.Handler handler = named.getValue();
      JsonPointer at = LOGGING.appendProperty("handlers").appendProperty(named.getKey());
      Output handlerOutput = output(handler, at);
      String handlerPattern = null;
      String formatter = handler.formatter();
      if (formatter != null) {
        if (!formatters.containsKey(formatter)) {
          problems.add(
              at.appendProperty("formatter"),
              "unknown formatter; defined formatters: " + namesOf(formatters));
        } else {
          handlerPattern = formatterPattern(formatters.get(formatter), formatter);
        }
      }
      if (named.getKey().equals(chosen) && handlerOutput != null) {
        output = handlerOutput;
        file = output == Output.FILE ? handler.filename() : null;
        outputLevel = handler.level() == null ? null : handler.level().log4jName();
        pattern = handlerPattern;
      }
    }
    if (raw.format() != null) {
      pattern = nativePattern(raw.format(), raw.datefmt());
    }
    return new LoggingSettings(rootLevel, loggerLevels, outputLevel, pattern, output, file);
  }

  private void logger(String name, RawSections.@Nullable Logger logger, JsonPointer at) {
    if (logger == null) {
      if (!problems.touches(at)) {
        problems.add(at, "expecting a mapping");
      }
      return;
    }
    List<String> refs = new ArrayList<>();
    handlerRefs(logger.handlers(), at.appendProperty("handlers"), refs);
    if (name.equals("exporters")) {
      exportersHandlers.addAll(refs);
    }
    loggerHandlers.addAll(refs);
    String level = logger.level() == null ? null : logger.level().log4jName();
    if (name.equals("root") || name.isEmpty()) {
      if (level != null) {
        rootLevel = level;
      }
    } else if (level != null) {
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

  private @Nullable Output output(RawSections.Handler handler, JsonPointer at) {
    String name = handler.handlerClass();
    if (name == null) {
      problems.addWithoutFound(at, "missing required key 'class'");
      return null;
    }
    if (problems.touches(at.appendProperty("class"))) {
      return null; // refused while binding
    }
    if (name.equals(STREAM_HANDLER)) {
      String stream = handler.stream();
      if (stream == null || stream.equals(STDERR)) {
        return Output.STDERR;
      }
      if (stream.equals(STDOUT)) {
        return Output.STDOUT;
      }
      if (problems.touches(at.appendProperty("stream"))) {
        return null; // refused while binding
      }
      problems.add(at.appendProperty("stream"), "expecting " + STDOUT + " or " + STDERR);
      return null;
    }
    if (FILE_HANDLERS.contains(name)) {
      if (handler.filename() == null) {
        problems.addWithoutFound(at, "missing required key 'filename'");
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

  private @Nullable String formatterPattern(RawSections.Formatter formatter, String name) {
    JsonPointer at = LOGGING.appendProperty("formatters").appendProperty(name);
    if (formatter.style() != null
        && !formatter.style().equals("%")
        && !problems.touches(at.appendProperty("style"))) {
      problems.add(at.appendProperty("style"), "only the style '%' is supported");
      return null;
    }
    if (formatter.format() == null) {
      // Python's default format is the bare message; the framework's default pattern says more.
      return null;
    }
    try {
      return PythonLogFormat.toLog4jPattern(formatter.format(), formatter.datefmt());
    } catch (PythonLogFormat.Unsupported e) {
      JsonPointer where =
          e.part() == PythonLogFormat.Unsupported.Part.DATEFMT
              ? at.appendProperty("datefmt")
              : at.appendProperty("format");
      problems.add(where, String.valueOf(e.getMessage()));
      return null;
    }
  }

  private @Nullable String nativePattern(String format, @Nullable String dateFormat) {
    if (!PythonLogFormat.isPythonFormat(format)) {
      // A Log4j pattern that already breaks lines (such as "%msg%n%throwable") is taken as is.
      return LINE_SEPARATOR.matcher(format).find() ? format : format + "%n";
    }
    try {
      return PythonLogFormat.toLog4jPattern(format, dateFormat);
    } catch (PythonLogFormat.Unsupported e) {
      problems.add(LOGGING.appendProperty("format"), String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** The first handler of root, else of {@code exporters}, else of any logger, else the first. */
  private @Nullable String chooseHandler() {
    for (List<String> refs : List.of(rootHandlers, exportersHandlers, loggerHandlers)) {
      for (String ref : refs) {
        if (handlers.containsKey(ref)) {
          return ref;
        }
      }
    }
    return handlers.isEmpty() ? null : handlers.keySet().iterator().next();
  }

  private void handlerRefs(@Nullable List<String> names, JsonPointer at, List<String> refs) {
    if (names == null) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      JsonPointer itemAt = at.appendIndex(i);
      if (name == null || problems.touches(itemAt)) {
        continue; // not a string: refused while binding
      }
      if (!handlers.containsKey(name)) {
        problems.add(itemAt, "unknown handler; defined handlers: " + namesOf(handlers));
      } else {
        refs.add(name);
      }
    }
  }

  private <T> void namedMappings(@Nullable Map<String, T> bound, String key, Map<String, T> into) {
    if (bound == null) {
      return;
    }
    bound.forEach(
        (name, value) -> {
          JsonPointer at = LOGGING.appendProperty(key).appendProperty(name);
          if (value == null) {
            if (!problems.touches(at)) {
              problems.add(at, "expecting a mapping");
            }
          } else {
            into.put(name, value);
          }
        });
  }

  private static String namesOf(Map<String, ?> defined) {
    return defined.isEmpty() ? "none" : String.join(", ", defined.keySet());
  }
}
