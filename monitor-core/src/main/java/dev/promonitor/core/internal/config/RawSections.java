package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** The {@code app} section; checked and defaulted by {@link AppSectionReader}. */
  record App(
      @Nullable String executionMode,
      @Nullable BigDecimal exportIntervalSeconds,
      @Nullable String prometheusHost,
      @Nullable Integer prometheusPort,
      @Nullable Integer threads) {}

  /** One entry of the {@code exporters} list; checked by {@link ExporterSectionReader}. */
  record Exporter(
      @Nullable String type,
      @Nullable String name,
      @Nullable Boolean enabled,
      @Nullable JsonNode config) {}
}
