package dev.promonitor.core.internal.host;

import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.engine.SystemTaskTimer;
import dev.promonitor.core.internal.engine.TaskTimer;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a host runs with, each default applied: what its builder was given, else what the config
 * says, else promonitor's default.
 *
 * @param config the config to run
 * @param reloadSource where a reload gets the new config, or {@code null} for none
 * @param afterReload what to apply after a reload took effect
 * @param registry the registry that serves the metrics
 * @param jvmMetrics whether the JVM's collectors join it
 * @param serveHttp whether the host serves {@code /metrics} itself
 * @param webConfig the endpoint's security
 * @param shutdownGrace how long a stop waits for running exports
 * @param timer the timer the scheduler runs on
 * @param applicationMetricNames the names the application's registry serves already
 */
public record HostSettings(
    MonitorConfig config,
    @Nullable Supplier<MonitorConfig> reloadSource,
    Consumer<MonitorConfig> afterReload,
    CollectorRegistry registry,
    boolean jvmMetrics,
    boolean serveHttp,
    WebConfig webConfig,
    Duration shutdownGrace,
    TaskTimer timer,
    Supplier<? extends Set<String>> applicationMetricNames) {

  /**
   * Applies the defaults to what a builder was given ({@code null} where it was not).
   *
   * @param resolved the config and the file's reload source
   * @param reloadSource the builder's reload source, which wins over the file's
   * @param registry the application's registry; without one the host has its own, and JVM
   *     metrics are on unless {@code app.jvm_metrics} says otherwise
   * @param timer makes the scheduler's timer; without one, a system timer
   */
  public static HostSettings of(
      HostConfigSource.Resolved resolved,
      @Nullable Supplier<MonitorConfig> reloadSource,
      Consumer<MonitorConfig> afterReload,
      @Nullable CollectorRegistry registry,
      boolean serveHttp,
      @Nullable WebConfig webConfig,
      @Nullable Duration shutdownGrace,
      @Nullable Supplier<TaskTimer> timer,
      Supplier<? extends Set<String>> applicationMetricNames) {
    MonitorConfig config = resolved.config();
    Boolean jvmMetrics = config.app().jvmMetrics();
    return new HostSettings(
        config,
        reloadSource != null ? reloadSource : resolved.reloadSource(),
        afterReload,
        registry != null ? registry : new CollectorRegistry(true),
        jvmMetrics != null ? jvmMetrics : registry == null,
        serveHttp,
        webConfig != null ? webConfig : config.webConfig(),
        shutdownGrace != null ? shutdownGrace : config.app().shutdownGrace(),
        // Made last: nothing above may leave a timer thread behind when it throws.
        timer != null ? timer.get() : new SystemTaskTimer("promonitor-scheduler"),
        applicationMetricNames);
  }
}
