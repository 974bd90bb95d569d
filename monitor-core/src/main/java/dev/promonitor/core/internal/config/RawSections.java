package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
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
}
