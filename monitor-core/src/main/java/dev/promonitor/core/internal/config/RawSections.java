package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
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
   * The {@code app} section; its constraints are checked with Bean Validation (messages in
   * client_java's style), the {@code *_seconds} ranges by {@code Durations} (their one range
   * check), the rest and the defaults by {@link AppSectionReader}.
   */
  record App(
      @Nullable String executionMode,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal exportIntervalSeconds,
      @Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String prometheusHost,
      @Nullable
          @Min(value = 0, message = PORT_RANGE)
          @Max(value = 65535, message = PORT_RANGE)
          Integer prometheusPort,
      @Nullable @Min(value = 1, message = "expecting value > 0") Integer threads,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal timeoutSeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal initialDelaySeconds,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal jitterSeconds,
      @Nullable String onFailure,
      @Nullable @PositiveOrZero(message = "expecting value >= 0") Integer maxSeries,
      @Nullable @JsonDeserialize(using = SecondsDeserializer.class) BigDecimal shutdownGraceSeconds,
      @Nullable Boolean jvmMetrics,
      @Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String webConfigFile,
      @Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String configDir,
      @Nullable Boolean enableReloadEndpoint,
      @Nullable @Min(value = 1, message = "expecting value > 0") Integer maxRequests,
      @Nullable @Min(value = 1, message = "expecting value > 0") Integer shardCount,
      @Nullable JsonNode shardIndex) {

    private static final String PORT_RANGE = "expecting value between 0 and 65535";
  }

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
      @Nullable @PositiveOrZero(message = "expecting value >= 0") Integer maxSeries,
      @Nullable String sharding) {}
}
