package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.ConfigReader;
import java.nio.file.Path;

/**
 * Loads a config file: parses YAML ({@code .yml}, {@code .yaml}) or JSON ({@code .json}), binds
 * each exporter's {@code config} to its config class, checks everything, and reports every problem
 * at once with its file, line, column and key path.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigLoader {

  private final ConfigReader reader;

  private ConfigLoader(ConfigReader reader) {
    this.reader = reader;
  }

  /**
   * A loader that resolves exporter types in {@code catalog}.
   *
   * @param catalog the exporter types the host knows
   * @return the loader
   */
  public static ConfigLoader create(ExporterCatalog catalog) {
    requireNonNull(catalog, "catalog must not be null");
    return new ConfigLoader(new ConfigReader(catalog));
  }

  /**
   * Loads, binds and validates a file; the source in messages is the path as given.
   *
   * @param file the config file
   * @return the validated config
   * @throws ConfigException with every problem found: a missing or unreadable file, a syntax
   *     error, unknown keys, values of the wrong type or out of range, unknown exporter types,
   *     violated constraints of config classes
   */
  public MonitorConfig load(Path file) throws ConfigException {
    return reader.load(file);
  }

  /**
   * Same for text; the format comes from sourceName's suffix (.json → JSON, else YAML).
   *
   * @param content the config text
   * @param sourceName the name used in messages, such as {@code monitor.yml}
   * @return the validated config
   * @throws ConfigException with every problem found
   */
  public MonitorConfig parse(String content, String sourceName) throws ConfigException {
    return reader.parse(content, sourceName);
  }
}
