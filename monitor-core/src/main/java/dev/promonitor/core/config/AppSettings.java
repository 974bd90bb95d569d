package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code app} section of the config file. Immutable; built by {@link #builder()}, whose
 * methods state each default.
 */
// Over 400 lines for one concept, the app section as a value: each of its settings has a
// documented accessor and a documented builder setter that states its default (public API); the
// reading, defaults and range checks of the file are internal.config.AppSectionReader's.
public final class AppSettings {

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

  /** The default of {@code app.shutdown_grace_seconds}. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /**
   * The default of {@code max_requests}, the requests the endpoint serves at once: 40, as
   * exporter-toolkit's {@code --web.max-requests}.
   */
  public static final int DEFAULT_MAX_REQUESTS = 40;

  private final ExecutionMode executionMode;
  private final ExporterSchedule schedule;
  private final String prometheusHost;
  private final int prometheusPort;
  private final @Nullable Integer threads;
  private final Duration shutdownGrace;
  private final @Nullable Boolean jvmMetrics;
  private final @Nullable Path webConfigFile;
  private final @Nullable Path configDir;
  private final boolean enableReloadEndpoint;
  private final int shardCount;
  private final int shardIndex;
  private final int maxRequests;

  private AppSettings(Builder builder) {
    this.executionMode = builder.executionMode;
    this.schedule =
        new ExporterSchedule(
            builder.exportInterval,
            builder.timeout != null ? builder.timeout : builder.exportInterval,
            builder.initialDelay,
            builder.jitter,
            builder.onFailure,
            builder.maxSeries);
    this.prometheusHost = builder.prometheusHost;
    this.prometheusPort = builder.prometheusPort;
    this.threads = builder.threads;
    this.shutdownGrace = builder.shutdownGrace;
    this.jvmMetrics = builder.jvmMetrics;
    this.webConfigFile = builder.webConfigFile;
    this.configDir = builder.configDir;
    this.enableReloadEndpoint = builder.enableReloadEndpoint;
    this.shardCount = builder.shardCount;
    this.shardIndex = builder.shardIndex;
    this.maxRequests = builder.maxRequests;
  }

  /**
   * A builder that starts from these settings, to change some of them, such as the listen address
   * that a command-line flag replaces.
   *
   * @return a new builder holding every value of these settings
   */
  public Builder toBuilder() {
    Builder builder =
        builder()
            .executionMode(executionMode)
            .exportInterval(schedule.interval())
            .initialDelay(schedule.initialDelay())
            .jitter(schedule.jitter())
            .onFailure(schedule.onFailure())
            .prometheusHost(prometheusHost)
            .prometheusPort(prometheusPort)
            .threads(threads)
            .shutdownGrace(shutdownGrace)
            .jvmMetrics(jvmMetrics)
            .webConfigFile(webConfigFile)
            .configDir(configDir)
            .enableReloadEndpoint(enableReloadEndpoint)
            .timeout(schedule.timeout());
    return builder;
  }

  /**
   * Starts building settings; every value has its default until set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings that an empty {@code app} section gives.
   *
   * @return the defaults
   */
  public static AppSettings defaults() {
    return builder().build();
  }

  /**
   * {@code app.execution_mode}.
   *
   * @return the execution mode
   */
  public ExecutionMode executionMode() {
    return executionMode;
  }

  /**
   * {@code app.export_interval_seconds}, the interval of entries that set none.
   *
   * @return the interval
   */
  public Duration exportInterval() {
    return schedule.interval();
  }

  /**
   * The schedule of an entry that overrides nothing: {@code app.export_interval_seconds},
   * {@code app.timeout_seconds} (default: the interval), {@code app.initial_delay_seconds},
   * {@code app.jitter_seconds} and {@code app.on_failure}.
   *
   * @return the default schedule
   */
  public ExporterSchedule schedule() {
    return schedule;
  }

  /**
   * {@code app.prometheus_host}.
   *
   * @return the address {@code /metrics} binds to
   */
  public String prometheusHost() {
    return prometheusHost;
  }

  /**
   * {@code app.prometheus_port}.
   *
   * @return the port, 0 for any free port
   */
  public int prometheusPort() {
    return prometheusPort;
  }

  /**
   * {@code app.threads}.
   *
   * @return the worker pool size, or {@code null} for the default
   */
  public @Nullable Integer threads() {
    return threads;
  }

  /**
   * {@code app.shutdown_grace_seconds}.
   *
   * @return how long a stop waits for running exports
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * {@code app.jvm_metrics}.
   *
   * @return whether the JVM's own metrics are served, or {@code null} for the default: served by a
   *     host with a registry of its own, not by one that joins an application's registry
   */
  public @Nullable Boolean jvmMetrics() {
    return jvmMetrics;
  }

  /**
   * {@code app.web_config_file}: the exporter-toolkit web config (TLS, basic auth, headers) of the
   * HTTP endpoint.
   *
   * @return the file, resolved against the config file's directory, or {@code null} when unset
   */
  public @Nullable Path webConfigFile() {
    return webConfigFile;
  }

  /**
   * {@code app.config_dir}: a directory whose {@code *.yml}, {@code *.yaml} and {@code *.json}
   * files add exporter entries.
   *
   * @return the directory, resolved against the config file's directory, or {@code null} when
   *     unset
   */
  public @Nullable Path configDir() {
    return configDir;
  }

  /**
   * {@code app.enable_reload_endpoint}.
   *
   * @return whether {@code POST /-/reload} reloads the config
   */
  public boolean enableReloadEndpoint() {
    return enableReloadEndpoint;
  }

  /**
   * {@code app.shard_count}: how many replicas share the entries.
   *
   * @return the number of shards, 1 or more
   */
  public int shardCount() {
    return shardCount;
  }

  /**
   * {@code app.shard_index}: which of the {@link #shardCount()} shards this replica is, with
   * {@code auto} already resolved from the host name.
   *
   * @return the index, 0 to {@code shardCount() - 1}
   */
  public int shardIndex() {
    return shardIndex;
  }

  /**
   * {@code app.max_requests}.
   *
   * @return the most requests the endpoint serves at once; beyond it clients get 503 at once
   */
  public int maxRequests() {
    return maxRequests;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AppSettings that
        && executionMode == that.executionMode
        && schedule.equals(that.schedule)
        && prometheusHost.equals(that.prometheusHost)
        && prometheusPort == that.prometheusPort
        && Objects.equals(threads, that.threads)
        && shutdownGrace.equals(that.shutdownGrace)
        && Objects.equals(jvmMetrics, that.jvmMetrics)
        && Objects.equals(webConfigFile, that.webConfigFile)
        && Objects.equals(configDir, that.configDir)
        && enableReloadEndpoint == that.enableReloadEndpoint
        && shardCount == that.shardCount
        && shardIndex == that.shardIndex
        && maxRequests == that.maxRequests;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        executionMode,
        schedule,
        prometheusHost,
        prometheusPort,
        threads,
        shutdownGrace,
        jvmMetrics,
        webConfigFile,
        configDir,
        enableReloadEndpoint,
        shardCount,
        shardIndex,
        maxRequests);
  }

  @Override
  public String toString() {
    return "AppSettings[executionMode="
        + executionMode
        + ", schedule="
        + schedule
        + ", prometheusHost="
        + prometheusHost
        + ", prometheusPort="
        + prometheusPort
        + ", threads="
        + threads
        + ", shutdownGrace="
        + shutdownGrace
        + ", jvmMetrics="
        + jvmMetrics
        + ", webConfigFile="
        + webConfigFile
        + ", configDir="
        + configDir
        + ", enableReloadEndpoint="
        + enableReloadEndpoint
        + ", shard="
        + shardIndex
        + "/"
        + shardCount
        + ", maxRequests="
        + maxRequests
        + "]";
  }

  /** Builds {@link AppSettings}; checks the values in {@link #build()}. Not thread-safe. */
  public static final class Builder {

    private ExecutionMode executionMode = DEFAULT_EXECUTION_MODE;
    private Duration exportInterval = DEFAULT_EXPORT_INTERVAL;
    private @Nullable Duration timeout;
    private Duration initialDelay = Duration.ZERO;
    private Duration jitter = Duration.ZERO;
    private FailurePolicy onFailure = ExporterSchedule.DEFAULT_ON_FAILURE;
    private int maxSeries = ExporterSchedule.DEFAULT_MAX_SERIES;
    private String prometheusHost = DEFAULT_PROMETHEUS_HOST;
    private int prometheusPort = DEFAULT_PROMETHEUS_PORT;
    private @Nullable Integer threads;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private @Nullable Boolean jvmMetrics;
    private @Nullable Path webConfigFile;
    private @Nullable Path configDir;
    private boolean enableReloadEndpoint;
    private int shardCount = 1;
    private int shardIndex;
    private int maxRequests = DEFAULT_MAX_REQUESTS;

    private Builder() {}

    /**
     * {@code execution_mode}. Default {@link #DEFAULT_EXECUTION_MODE} ({@code async}).
     *
     * @param executionMode the mode
     * @return this builder
     */
    public Builder executionMode(ExecutionMode executionMode) {
      this.executionMode = requireNonNull(executionMode, "executionMode must not be null");
      return this;
    }

    /**
     * {@code export_interval_seconds}. Default 60 s. Must be &gt; 0, at most 365 days.
     *
     * @param exportInterval the interval
     * @return this builder
     */
    public Builder exportInterval(Duration exportInterval) {
      this.exportInterval = requireNonNull(exportInterval, "exportInterval must not be null");
      return this;
    }

    /**
     * {@code timeout_seconds}. Default: each entry's own interval. Must be &gt; 0, at most 365 days.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout must not be null");
      return this;
    }

    /**
     * {@code initial_delay_seconds}. Default 0. Must be 0 or more, at most 365 days.
     *
     * @param initialDelay the delay of the first run
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = requireNonNull(initialDelay, "initialDelay must not be null");
      return this;
    }

    /**
     * {@code jitter_seconds}. Default 0. Must be 0 or more, at most 365 days.
     *
     * @param jitter the jitter bound
     * @return this builder
     */
    public Builder jitter(Duration jitter) {
      this.jitter = requireNonNull(jitter, "jitter must not be null");
      return this;
    }

    /**
     * {@code on_failure}. Default {@link ExporterSchedule#DEFAULT_ON_FAILURE} ({@code drop}).
     *
     * @param onFailure the policy
     * @return this builder
     */
    public Builder onFailure(FailurePolicy onFailure) {
      this.onFailure = requireNonNull(onFailure, "onFailure must not be null");
      return this;
    }

    /**
     * The default of each entry's {@code max_series}: the most series that one run of an instance
     * may export. Default {@link ExporterSchedule#DEFAULT_MAX_SERIES} (50,000).
     *
     * @param maxSeries the limit, 0 for none
     * @return this builder
     */
    public Builder maxSeries(int maxSeries) {
      if (maxSeries < 0) {
        throw new IllegalArgumentException("maxSeries: Expecting value >= 0. Found: " + maxSeries);
      }
      this.maxSeries = maxSeries;
      return this;
    }

    /**
     * {@code prometheus_host}. Default {@code 0.0.0.0}, every IPv4 interface.
     *
     * @param prometheusHost the bind address
     * @return this builder
     */
    public Builder prometheusHost(String prometheusHost) {
      this.prometheusHost = requireNonNull(prometheusHost, "prometheusHost must not be null");
      return this;
    }

    /**
     * {@code prometheus_port}. Default 8000; 0 picks a free port.
     *
     * @param prometheusPort the port, 0 to 65535
     * @return this builder
     */
    public Builder prometheusPort(int prometheusPort) {
      this.prometheusPort = prometheusPort;
      return this;
    }

    /**
     * {@code threads}. Default {@code null}: the number of enabled exporters, 1 to 32.
     *
     * @param threads the worker pool size, &gt; 0, or {@code null} for the default
     * @return this builder
     */
    public Builder threads(@Nullable Integer threads) {
      this.threads = threads;
      return this;
    }

    /**
     * {@code shutdown_grace_seconds}. Default 10 s. Must be 0 or more, at most 365 days.
     *
     * @param shutdownGrace how long a stop waits for running exports
     * @return this builder
     */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = requireNonNull(shutdownGrace, "shutdownGrace must not be null");
      return this;
    }

    /**
     * {@code jvm_metrics}. Default {@code null}: on for a host with its own registry, off for one
     * that joins an application's registry.
     *
     * @param jvmMetrics whether the JVM's metrics are served, or {@code null} for the default
     * @return this builder
     */
    public Builder jvmMetrics(@Nullable Boolean jvmMetrics) {
      this.jvmMetrics = jvmMetrics;
      return this;
    }

    /**
     * {@code web_config_file}. Default {@code null}: plain HTTP without authentication.
     *
     * @param webConfigFile the exporter-toolkit web config file, or {@code null}
     * @return this builder
     */
    public Builder webConfigFile(@Nullable Path webConfigFile) {
      this.webConfigFile = webConfigFile;
      return this;
    }

    /**
     * {@code config_dir}. Default {@code null}: all entries are in the config file.
     *
     * @param configDir the directory of further exporter entries, or {@code null}
     * @return this builder
     */
    public Builder configDir(@Nullable Path configDir) {
      this.configDir = configDir;
      return this;
    }

    /**
     * {@code enable_reload_endpoint}. Default {@code false}: the config is reloaded on SIGHUP only,
     * as {@code POST /-/reload} lets whoever can reach the endpoint trigger it.
     *
     * @param enableReloadEndpoint whether {@code POST /-/reload} reloads the config
     * @return this builder
     */
    public Builder enableReloadEndpoint(boolean enableReloadEndpoint) {
      this.enableReloadEndpoint = enableReloadEndpoint;
      return this;
    }

    /**
     * {@code shard_count}. Default 1: one replica runs every entry.
     *
     * @param shardCount the number of replicas that share the entries, 1 or more
     * @return this builder
     */
    public Builder shardCount(int shardCount) {
      this.shardCount = shardCount;
      return this;
    }

    /**
     * {@code shard_index}. Default 0.
     *
     * @param shardIndex this replica's shard, 0 to {@code shardCount - 1}
     * @return this builder
     */
    public Builder shardIndex(int shardIndex) {
      this.shardIndex = shardIndex;
      return this;
    }

    /**
     * {@code max_requests}: the most requests the endpoint serves at once; beyond it clients
     * get 503 at once. Default {@value AppSettings#DEFAULT_MAX_REQUESTS}.
     *
     * @param maxRequests at least 1
     * @return this builder
     */
    public Builder maxRequests(int maxRequests) {
      this.maxRequests = maxRequests;
      return this;
    }

    /**
     * Checks the values and builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the first value out of range
     */
    public AppSettings build() {
      if (prometheusPort < 0 || prometheusPort > 65535) {
        throw new IllegalArgumentException(
            "prometheusPort: Expecting value between 0 and 65535. Found: " + prometheusPort);
      }
      if (threads != null && threads < 1) {
        throw new IllegalArgumentException("threads: Expecting value > 0. Found: " + threads);
      }
      if (maxRequests < 1) {
        throw new IllegalArgumentException("maxRequests: Expecting value > 0. Found: " + maxRequests);
      }
      Durations.requireInRange("shutdownGrace", shutdownGrace, Durations.Bound.ZERO_OR_MORE);
      if (shardCount < 1) {
        throw new IllegalArgumentException("shardCount: Expecting value > 0. Found: " + shardCount);
      }
      if (shardIndex < 0 || shardIndex >= shardCount) {
        throw new IllegalArgumentException(
            "shardIndex: Expecting value between 0 and "
                + (shardCount - 1)
                + ". Found: "
                + shardIndex);
      }
      return new AppSettings(this);
    }
  }
}
