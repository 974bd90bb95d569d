package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;

/**
 * A discovered exporter type: the class that implements it, its config class and where it came
 * from.
 *
 * @param type the type name from {@link dev.promonitor.api.ExporterType}
 * @param exporterClass the exporter class
 * @param configClass the config class, the type argument of {@link BaseExporter}; {@code Void.class}
 *     when the exporter takes no config
 * @param source where the class was found: a jar's path, or a directory of classes
 */
public record ExporterProvider(
    String type,
    Class<? extends BaseExporter<?>> exporterClass,
    Class<?> configClass,
    String source) {

  /** Checks the arguments. */
  public ExporterProvider {
    requireNonNull(type, "type must not be null");
    requireNonNull(exporterClass, "exporterClass must not be null");
    requireNonNull(configClass, "configClass must not be null");
    requireNonNull(source, "source must not be null");
  }

  /**
   * Whether the exporter implements {@link AsyncExporter}.
   *
   * @return {@code true} for an {@link AsyncExporter}
   */
  public boolean isAsync() {
    return AsyncExporter.class.isAssignableFrom(exporterClass);
  }

  /**
   * Whether the exporter takes a config.
   *
   * @return {@code false} when the config class is {@link Void}
   */
  public boolean takesConfig() {
    return configClass != Void.class;
  }
}
