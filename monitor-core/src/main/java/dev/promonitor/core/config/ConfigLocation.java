package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

/**
 * Where something stands in a config file.
 *
 * @param source the file as the user named it (or a description such as {@code <inline>})
 * @param line the 1-based line, 0 when unknown
 * @param column the 1-based column, 0 when unknown
 */
public record ConfigLocation(String source, int line, int column) {

  /** Checks the arguments. */
  public ConfigLocation {
    requireNonNull(source, "source must not be null");
  }

  /**
   * A location in {@code source} with no known line.
   *
   * @param source the file
   * @return the location
   */
  public static ConfigLocation of(String source) {
    return new ConfigLocation(source, 0, 0);
  }

  /** Returns {@code source:line:column}, or just {@code source} when the line is unknown. */
  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
