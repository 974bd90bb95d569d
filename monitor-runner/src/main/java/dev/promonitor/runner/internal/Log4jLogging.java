package dev.promonitor.runner.internal;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.internal.SecretMasking;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Applies the config file's {@link LoggingSettings} to Log4j 2, replacing whatever configuration
 * was active: one output (standard error, standard output or a file) with a pattern layout, the
 * root level, and one logger per configured level.
 */
public final class Log4jLogging {

  /** The most remembered secret values that every log line is searched for. */
  static final int MAX_MASKED_VALUES = 200;

  /** The layout when the config sets no {@code format}. */
  public static final String DEFAULT_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %logger: %msg%n%throwable";

  /** A library logger kept at WARN unless the config sets its level. */
  private static final String QUIET_LIBRARY = "org.hibernate.validator";

  /** The name of the single appender. */
  static final String APPENDER_NAME = "output";

  /**
   * The {@code logfmt} layout: one {@code key=value} line per event, as Go exporters write.
   * Values are quoted and escaped (JSON string rules, which logfmt readers accept).
   */
  static final String LOGFMT_PATTERN =
      "time=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}{UTC} level=%level{lowerCase=true}"
          + " logger=%logger msg=\"%enc{%msg}{JSON}\""
          + "%notEmpty{ err=\"%enc{%throwable{short.message}}{JSON}\"}%n";

  /**
   * The {@code json} layout: one object per line with {@code time}, {@code level},
   * {@code logger}, {@code msg}, and {@code err} (the exception's message) and
   * {@code stack_trace} when there is one. Log4j's PatternLayout with its JSON string encoding:
   * it needs no plugin beyond log4j-core, which the runnable jar's one plugin cache holds.
   */
  static final String JSON_PATTERN =
      "{\"time\":\"%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}{UTC}\","
          + "\"level\":\"%level{lowerCase=true}\","
          + "\"logger\":\"%enc{%logger}{JSON}\","
          + "\"msg\":\"%enc{%msg}{JSON}\""
          + "%notEmpty{,\"err\":\"%enc{%throwable{short.message}}{JSON}\"}"
          + "%notEmpty{,\"stack_trace\":\"%enc{%throwable}{JSON}\"}}%n";

  /** The formats of {@code --log.format}. */
  public enum Format {
    /** {@code key=value} pairs. */
    LOGFMT,
    /** One JSON object per line. */
    JSON
  }

  /**
   * What the command line sets over the config's {@code logging} section.
   *
   * @param level {@code --log.level}: the root level, or {@code null} to keep the config's
   * @param format {@code --log.format}, or {@code null} to keep the config's pattern
   */
  public record Overrides(@Nullable String level, @Nullable Format format) {

    /** No flag given. */
    public static final Overrides NONE = new Overrides(null, null);

    /**
     * Reads the flags.
     *
     * @param level the value of {@code --log.level}, or {@code null}
     * @param format the value of {@code --log.format}, or {@code null}
     * @return the overrides
     * @throws IllegalArgumentException with a message for the user for a value not allowed
     */
    public static Overrides parse(@Nullable String level, @Nullable String format) {
      if (level != null
          && !List.of("debug", "info", "warn", "error").contains(level.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "--log.level: expecting one of: debug, info, warn, error. Found: " + level);
      }
      Format parsed = null;
      if (format != null) {
        try {
          parsed = Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--log.format: expecting one of: logfmt, json. Found: " + format);
        }
      }
      return new Overrides(level, parsed);
    }
  }

  /**
   * What was last applied, and the configuration made of it; guarded by the class. Compared field
   * by field in {@link #sameAsLast}: the first {@code equals} of a record bootstraps
   * {@code ObjectMethods} through method handles, which costs the start more than it saves.
   */
  private static @Nullable LoggingSettings lastSettings;

  private static boolean lastVerbose;
  private static @Nullable Overrides lastOverrides;
  private static @Nullable String lastMaskRegex;
  private static @Nullable Configuration lastConfiguration;

  private Log4jLogging() {}

  /**
   * Starts Log4j on {@link #DEFAULT_PATTERN} to standard error at INFO, with the configuration
   * made here: unlike Log4j's own start, no configuration factory is asked, so none of the
   * file-format factories (XML, JSON with Jackson, YAML, properties) is loaded. The runner calls
   * this on a thread of its own as the process starts; when Log4j has started already (another
   * thread logged first), the defaults are applied over what it started with.
   */
  public static void start() {
    Configuration defaults = configuration(LoggingSettings.defaults(), false, Overrides.NONE);
    synchronized (Log4jLogging.class) {
      LoggerContext context = Configurator.initialize(null, defaults);
      if (context == null || context.getConfiguration() != defaults) {
        Configurator.reconfigure(defaults);
      }
      remember(LoggingSettings.defaults(), false, Overrides.NONE, defaults);
    }
  }

  /**
   * Replaces the logging configuration with {@code settings}.
   *
   * @param settings the config file's {@code logging} section
   * @param verbose {@code true} for {@code --verbose}: the root logger, every configured logger and
   *     the output threshold are lowered to {@code DEBUG} (those at {@code TRACE} stay there), so
   *     that DEBUG lines really appear
   * @throws IllegalArgumentException when a level is not one of TRACE, DEBUG, INFO, WARN, ERROR or
   *     OFF
   */
  public static void apply(LoggingSettings settings, boolean verbose) {
    apply(settings, verbose, Overrides.NONE);
  }

  /**
   * Replaces the logging configuration with {@code settings} and the command line's flags.
   *
   * @param settings the config file's {@code logging} section
   * @param verbose {@code true} for {@code --verbose}, as in {@link #apply(LoggingSettings,
   *     boolean)}
   * @param overrides {@code --log.level} replaces the root level, {@code --log.format} the layout
   */
  public static void apply(LoggingSettings settings, boolean verbose, Overrides overrides) {
    synchronized (Log4jLogging.class) {
      // The same settings again (the defaults before the config, a config without a logging
      // section) keep the running configuration, unless secrets were remembered meanwhile.
      if (sameAsLast(settings, verbose, overrides)
          && lastConfiguration != null
          && LoggerContext.getContext(false).getConfiguration() == lastConfiguration) {
        return;
      }
      Configuration configuration = configuration(settings, verbose, overrides);
      Configurator.reconfigure(configuration);
      remember(settings, verbose, overrides, configuration);
    }
  }

  /** Records the configuration of Log4j's own start by {@link Log4jConfigurationFactory}. */
  static void started(Configuration defaults) {
    synchronized (Log4jLogging.class) {
      remember(LoggingSettings.defaults(), false, Overrides.NONE, defaults);
    }
  }

  private static void remember(
      LoggingSettings settings, boolean verbose, Overrides overrides, Configuration configuration) {
    lastSettings = settings;
    lastVerbose = verbose;
    lastOverrides = overrides;
    lastMaskRegex = SecretMasking.logReplacementRegex(MAX_MASKED_VALUES);
    lastConfiguration = configuration;
  }

  private static boolean sameAsLast(LoggingSettings settings, boolean verbose, Overrides overrides) {
    LoggingSettings last = lastSettings;
    Overrides lastFlags = lastOverrides;
    return last != null
        && lastFlags != null
        && verbose == lastVerbose
        && Objects.equals(settings.rootLevel(), last.rootLevel())
        && settings.loggerLevels().equals(last.loggerLevels())
        && Objects.equals(settings.outputLevel(), last.outputLevel())
        && Objects.equals(settings.pattern(), last.pattern())
        && settings.output() == last.output()
        && Objects.equals(settings.file(), last.file())
        && Objects.equals(overrides.level(), lastFlags.level())
        && overrides.format() == lastFlags.format()
        && SecretMasking.logReplacementRegex(MAX_MASKED_VALUES).equals(lastMaskRegex);
  }

  /**
   * The configuration of {@code settings}, not yet started.
   *
   * @param settings the config file's {@code logging} section
   * @param verbose {@code true} for {@code --verbose}
   * @return the configuration
   * @throws IllegalArgumentException when a level is not one of TRACE, DEBUG, INFO, WARN, ERROR or
   *     OFF
   */
  static Configuration configuration(LoggingSettings settings, boolean verbose) {
    return configuration(settings, verbose, Overrides.NONE);
  }

  /**
   * The configuration of {@code settings} and the command line's flags, not yet started.
   *
   * @param settings the config file's {@code logging} section
   * @param verbose {@code true} for {@code --verbose}
   * @param overrides {@code --log.level} and {@code --log.format}
   * @return the configuration
   */
  static Configuration configuration(
      LoggingSettings settings, boolean verbose, Overrides overrides) {
    requireNonNull(settings, "settings must not be null");
    requireNonNull(overrides, "overrides must not be null");
    ConfigurationBuilder<BuiltConfiguration> builder =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setConfigurationName("promonitor");
    builder.setStatusLevel(Level.WARN);
    // The runner's own shutdown hook stops logging after the exporters are closed (shutdown()),
    // so that what they log on the way out is not lost.
    builder.setShutdownHook("disable");

    AppenderComponentBuilder appender;
    if (settings.output() == LoggingSettings.Output.FILE) {
      appender =
          builder
              .newAppender(APPENDER_NAME, "File")
              .addAttribute("fileName", requireNonNull(settings.file(), "file"))
              .addAttribute("append", true);
    } else {
      ConsoleAppender.Target target =
          settings.output() == LoggingSettings.Output.STDOUT
              ? ConsoleAppender.Target.SYSTEM_OUT
              : ConsoleAppender.Target.SYSTEM_ERR;
      appender = builder.newAppender(APPENDER_NAME, "Console").addAttribute("target", target);
    }
    String pattern =
        overrides.format() == Format.JSON
            ? JSON_PATTERN
            : overrides.format() == Format.LOGFMT
                ? LOGFMT_PATTERN
                : settings.pattern() != null ? settings.pattern() : DEFAULT_PATTERN;
    // Secrets of the config (substituted values, values of secret keys) and URL passwords are
    // masked in every line, an exporter's own included.
    appender.add(
        builder
            .newLayout("PatternLayout")
            .addAttribute("pattern", pattern)
            .addComponent(
                builder
                    .newComponent("replace")
                    .addAttribute("regex", SecretMasking.logReplacementRegex(MAX_MASKED_VALUES))
                    .addAttribute("replacement", "$1" + SecretMasking.MASK)));
    if (settings.outputLevel() != null) {
      Level threshold = adjust(level("output level", settings.outputLevel()), verbose);
      appender.add(
          builder
              .newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY)
              .addAttribute("level", threshold));
    }
    builder.add(appender);

    String rootName = overrides.level() != null ? overrides.level() : settings.rootLevel();
    Level rootLevel = rootName == null ? Level.INFO : level("root level", rootName);
    builder.add(
        builder
            .newRootLogger(adjust(rootLevel, verbose))
            .add(builder.newAppenderRef(APPENDER_NAME)));
    if (!settings.loggerLevels().containsKey(QUIET_LIBRARY)) {
      // Hibernate Validator announces its version at INFO on first use; that is noise here.
      builder.add(builder.newLogger(QUIET_LIBRARY, Level.WARN));
    }
    for (Map.Entry<String, String> logger : settings.loggerLevels().entrySet()) {
      Level level = level("level of logger '" + logger.getKey() + "'", logger.getValue());
      builder.add(builder.newLogger(logger.getKey(), adjust(level, verbose)));
    }
    return builder.build(false);
  }

  /** Flushes and stops logging; the last call of the runner's shutdown hook. */
  public static void shutdown() {
    LogManager.shutdown();
  }

  /**
   * The configuration to use before the config file is read: INFO (DEBUG when {@code verbose}) to
   * standard error in {@link #DEFAULT_PATTERN}.
   *
   * @param verbose {@code true} for {@code --verbose}
   */
  public static void applyDefaults(boolean verbose) {
    apply(LoggingSettings.defaults(), verbose, Overrides.NONE);
  }

  /**
   * The configuration to use before the config file is read, with the command line's flags.
   *
   * @param verbose {@code true} for {@code --verbose}
   * @param overrides {@code --log.level} and {@code --log.format}
   */
  public static void applyDefaults(boolean verbose, Overrides overrides) {
    apply(LoggingSettings.defaults(), verbose, overrides);
  }

  /** Lowers a level to DEBUG for {@code --verbose}, keeping TRACE (and ALL). */
  private static Level adjust(Level level, boolean verbose) {
    return verbose && !level.isLessSpecificThan(Level.DEBUG) ? Level.DEBUG : level;
  }

  private static Level level(String what, @Nullable String name) {
    Level level =
        name == null ? null : Level.getLevel(name.strip().toUpperCase(Locale.ROOT));
    if (level == null || level == Level.ALL || level == Level.FATAL) {
      throw new IllegalArgumentException(
          "logging "
              + what
              + ": expecting TRACE, DEBUG, INFO, WARN, ERROR or OFF. Found: "
              + name);
    }
    return level;
  }
}
