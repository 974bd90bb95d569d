package dev.promonitor.core.config;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** Fixture exporters for the hints that a new user's mistakes get. */
final class FirstDayHintsExporters {

  private FirstDayHintsExporters() {}

  /** A config with a required list and a secret string. */
  public record PingConfig(@NotEmpty List<String> targets, String bearerToken) {}

  /** Pings targets. */
  @ExporterType("ping")
  public static final class PingExporter extends BaseExporter<PingConfig> {
    @Override
    public void exportMetrics() {
      // a fixture
    }
  }

  /** A plain class that Jackson cannot create: no record, no no-arg constructor. */
  public static final class UncreatableConfig {
    private final String host;

    /**
     * The only constructor.
     *
     * @param host the host
     */
    public UncreatableConfig(String host) {
      this.host = host;
    }

    /**
     * The host.
     *
     * @return the host
     */
    public String host() {
      return host;
    }
  }

  /** An exporter over that config. */
  @ExporterType("uncreatable")
  public static final class UncreatableExporter extends BaseExporter<UncreatableConfig> {
    @Override
    public void exportMetrics() {
      // a fixture
    }
  }
}
