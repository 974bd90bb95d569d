package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.internal.engine.HostMetricsCollector;
import dev.promonitor.core.internal.shard.ShardInfoCollector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every enabled exporter of a config once, for batch jobs: {@code init}, one export and
 * {@code close}, then hands back what they exported.
 *
 * <pre>{@code
 * OnceRunner.Result result = OnceRunner.run(config, Duration.ofSeconds(60));
 * System.out.print(result.exposition());
 * System.exit(result.succeeded() ? 0 : 1);
 * }</pre>
 *
 * <p>The exporters run in the config's execution mode, all at once as far as its threads allow,
 * each as soon as its own {@code init} has ended, without a schedule. What they exported is the
 * snapshot of that run, as {@code /metrics} would serve it. No HTTP endpoint is started.
 */
public final class OnceRunner {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private OnceRunner() {}

  /**
   * Creates the config's enabled exporters, runs each once and closes them.
   *
   * @param config the config; its intervals, initial delays and jitters are ignored, its
   *     timeouts apply
   * @param timeout how long to wait for all the first runs together; an exporter whose run has
   *     not ended by then counts as failed
   * @return the exported metrics and the exporters that failed
   * @throws ExporterException when an exporter's constructor throws; nothing runs then
   */
  public static Result run(MonitorConfig config, Duration timeout) {
    requireNonNull(config, "config must not be null");
    requireNonNull(timeout, "timeout must not be null");
    // A registry of the run's own: JVM metrics stay out unless the config asks for them.
    try (ExporterHost host =
        ExporterHost.builder().config(config).registry(new CollectorRegistry(true)).build()) {
      List<String> unfinished =
          host.runOnce(timeout).stream().map(ExporterInstance::qualifiedName).toList();
      // The exporters' metrics only: the host's own describe a long-running host, not one run.
      List<MetricFamilySamples> families =
          Collections.list(host.registry().metricFamilySamples()).stream()
              .filter(family -> !HostMetricsCollector.NAMES.contains(family.name))
              .filter(family -> !family.name.equals(ShardInfoCollector.NAME))
              .toList();
      List<String> failed = new ArrayList<>();
      for (ExporterInstance instance : host.instances()) {
        if (unfinished.contains(instance.qualifiedName())) {
          LOG.error(
              "Exporter '{}' did not finish its run within {} s",
              instance.qualifiedName(),
              timeout.toSeconds());
          failed.add(instance.qualifiedName());
        } else if (instance.stats().snapshot().successes() == 0) {
          failed.add(instance.qualifiedName());
        }
      }
      return new Result(families, failed);
    }
  }

  /**
   * What one run of every exporter gave.
   *
   * @param metricFamilies the metrics the exporters exported, as a scrape of the host would serve
   *     them
   * @param failedExporters the qualified names ({@code type.name}) of the exporters whose
   *     {@code init} or export failed or did not finish, in config order
   */
  public record Result(List<MetricFamilySamples> metricFamilies, List<String> failedExporters) {

    /** Copies the lists. */
    public Result {
      metricFamilies = List.copyOf(metricFamilies);
      failedExporters = List.copyOf(failedExporters);
    }

    /**
     * Whether every exporter ran without failing.
     *
     * @return {@code true} when no exporter failed
     */
    public boolean succeeded() {
      return failedExporters.isEmpty();
    }

    /**
     * The metrics in the Prometheus text format 0.0.4, as {@code /metrics} serves them.
     *
     * @return the exposition text
     */
    public String exposition() {
      StringWriter writer = new StringWriter();
      try {
        TextFormat.write004(writer, Collections.enumeration(metricFamilies));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return writer.toString();
    }
  }
}
