package dev.promonitor.api.internal;

import static java.util.Objects.requireNonNull;

import io.prometheus.client.CollectorRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The settings that the framework injects into one exporter instance. Not API: used by
 * {@code monitor-core} and {@code monitor-testing} only.
 *
 * @param exporterClass the class being instantiated, checked against the constructed instance
 * @param type the exporter type
 * @param name the instance name (the type when the entry has none)
 * @param qualifiedName {@code type.name}, or {@code type} when the entry has no name
 * @param config the bound config, {@code null} for {@code Void}
 * @param logger the instance's logger
 * @param registry the instance's registry
 */
public record ExporterContext(
    Class<?> exporterClass,
    String type,
    String name,
    String qualifiedName,
    @Nullable Object config,
    Logger logger,
    CollectorRegistry registry) {

  /** Checks that every setting but the config is present. */
  public ExporterContext {
    requireNonNull(exporterClass, "exporterClass must not be null");
    requireNonNull(type, "type must not be null");
    requireNonNull(name, "name must not be null");
    requireNonNull(qualifiedName, "qualifiedName must not be null");
    requireNonNull(logger, "logger must not be null");
    requireNonNull(registry, "registry must not be null");
  }
}
