package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code logging} section, reduced to what a logging backend needs. The Python framework's
 * {@code dictConfig} form is mapped onto it: logger levels, the format of the first handler that
 * the root or {@code exporters} logger uses, and that handler's stream or file.
 *
 * <p>Levels are {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR} or
 * {@code OFF} (Python's {@code WARNING} maps to {@code WARN}, {@code CRITICAL} to {@code ERROR},
 * {@code NOTSET} to no level). Logger names are the backend's: the Python framework's {@code src} tree maps to
 * {@code dev.promonitor}; {@code exporters} stays.
 *
 * @param rootLevel the root logger's level, {@code null} for the default ({@code INFO})
 * @param loggerLevels levels by logger name, in the order they were written
 * @param outputLevel the threshold of the output (a Python handler's level), {@code null} for none
 * @param pattern a Log4j 2 {@code PatternLayout} pattern (converted from Python's
 *     {@code %(asctime)s} tokens), {@code null} for the default
 * @param output where log lines go
 * @param file the file for {@link Output#FILE}, {@code null} otherwise
 */
public record LoggingSettings(
    @Nullable String rootLevel,
    Map<String, String> loggerLevels,
    @Nullable String outputLevel,
    @Nullable String pattern,
    Output output,
    @Nullable String file) {

  /** Where log lines go. */
  public enum Output {
    /** Standard error, the default (standard output is kept for data, such as {@code --once}). */
    STDERR,
    /** Standard output ({@code stream: ext://sys.stdout}). */
    STDOUT,
    /** A file ({@code logging.FileHandler} and its rotating kin). */
    FILE
  }

  /** Checks the arguments and copies the map. */
  public LoggingSettings {
    requireNonNull(loggerLevels, "loggerLevels must not be null");
    requireNonNull(output, "output must not be null");
    loggerLevels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(loggerLevels));
    if ((output == Output.FILE) != (file != null)) {
      throw new IllegalArgumentException("file must be set exactly when output is FILE");
    }
  }

  /**
   * The settings of a config without a {@code logging} section.
   *
   * @return INFO to standard error in the default format
   */
  public static LoggingSettings defaults() {
    return new LoggingSettings(null, Map.of(), null, null, Output.STDERR, null);
  }
}
