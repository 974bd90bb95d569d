package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code app} section of the config file.
 *
 * @param executionMode {@code app.execution_mode}; default {@link ExecutionMode#ASYNC}
 * @param exportInterval {@code app.export_interval_seconds}, fractions allowed, &gt; 0; default 60 s
 * @param prometheusHost {@code app.prometheus_host}, the address {@code /metrics} binds to;
 *     default {@code 0.0.0.0} (every IPv4 interface, as the seed); {@code ::} for every interface
 * @param prometheusPort {@code app.prometheus_port}, 0 to 65535 (0 picks a free port); default 8000
 * @param threads {@code app.threads}, the size of the worker pool; {@code null} for the default:
 *     the number of enabled exporters, at least 1 and at most 32
 */
public record AppSettings(
    ExecutionMode executionMode,
    Duration exportInterval,
    String prometheusHost,
    int prometheusPort,
    @Nullable Integer threads) {

  /** The default of {@code app.execution_mode}. */
  public static final ExecutionMode DEFAULT_EXECUTION_MODE = ExecutionMode.ASYNC;

  /** The default of {@code app.export_interval_seconds}. */
  public static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofSeconds(60);

  /** The default of {@code app.prometheus_host}. */
  public static final String DEFAULT_PROMETHEUS_HOST = "0.0.0.0";

  /** The default of {@code app.prometheus_port}. */
  public static final int DEFAULT_PROMETHEUS_PORT = 8000;

  /** The most worker threads the default of {@code app.threads} gives. */
  public static final int MAX_DEFAULT_THREADS = 32;

  /** Checks the values as the config loader does, for settings built in code. */
  public AppSettings {
    requireNonNull(executionMode, "executionMode must not be null");
    requireNonNull(exportInterval, "exportInterval must not be null");
    requireNonNull(prometheusHost, "prometheusHost must not be null");
    if (exportInterval.isNegative() || exportInterval.isZero()) {
      throw new IllegalArgumentException(
          "exportInterval: Expecting value > 0. Found: " + exportInterval);
    }
    if (prometheusPort < 0 || prometheusPort > 65535) {
      throw new IllegalArgumentException(
          "prometheusPort: Expecting value between 0 and 65535. Found: " + prometheusPort);
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("threads: Expecting value > 0. Found: " + threads);
    }
  }

  /**
   * The settings that an empty {@code app} section gives.
   *
   * @return the defaults
   */
  public static AppSettings defaults() {
    return new AppSettings(
        DEFAULT_EXECUTION_MODE,
        DEFAULT_EXPORT_INTERVAL,
        DEFAULT_PROMETHEUS_HOST,
        DEFAULT_PROMETHEUS_PORT,
        null);
  }

  /**
   * The worker pool size for a host running {@code enabledExporters} instances.
   *
   * @param enabledExporters the number of enabled exporter instances
   * @return {@link #threads()} when set, else {@code enabledExporters} clamped to 1..32
   */
  public int effectiveThreads(int enabledExporters) {
    if (threads != null) {
      return threads;
    }
    return Math.max(1, Math.min(MAX_DEFAULT_THREADS, enabledExporters));
  }
}
