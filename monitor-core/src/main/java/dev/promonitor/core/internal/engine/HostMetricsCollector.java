package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.engine.RunStats.Result;
import dev.promonitor.core.internal.exposition.SnapshotBytes;
import dev.promonitor.core.internal.exposition.SnapshotScrape;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * promonitor's metrics about its exporters: {@code monitor_exporter_*} with the labels
 * {@code exporter} (the instance's name) and {@code type}, {@code monitor_abandoned_threads},
 * {@code monitor_config_last_reload_*} and {@code monitor_build_info}.
 *
 * <p>In a scrape of snapshots as bytes ({@link SnapshotScrape}), the instances'
 * {@code monitor_exporter_*} series are handed over as bytes too, all instances' in one rendering,
 * made again only when an instance's figures changed (a run ended or was skipped: told by
 * {@link RunStats#changes()}, so that an unchanged instance costs two reads); the few host-wide
 * series are read at each scrape and rendered again only when one of their values changed. One
 * rendering for all rather than one per instance: each family's head is then written once instead
 * of once per instance, and what is kept between scrapes is the figures and the bytes alone (the
 * families are made again from the figures for another format), about 1 KB per instance where a
 * rendering of its own, with its families and heads, kept 5 KB (50 MB with 10,000 instances).
 */
public final class HostMetricsCollector extends Collector implements Collector.Describable {

  /** Every metric family name this collector serves. */
  public static final List<String> NAMES =
      List.of(
          "monitor_exporter_up",
          "monitor_exporter_runs",
          "monitor_exporter_skipped_runs",
          "monitor_exporter_last_run_duration_seconds",
          "monitor_exporter_last_success_timestamp_seconds",
          "monitor_exporter_consecutive_failures",
          "monitor_exporter_series",
          "monitor_abandoned_threads",
          "monitor_config_last_reload_successful",
          "monitor_config_last_reload_success_timestamp_seconds",
          "monitor_build_info");

  private static final List<String> LABELS = List.of("exporter", "type");

  private final Supplier<List<ExporterInstance>> instances;
  private final IntSupplier abandonedThreads;
  private final ReloadStatus reloads;
  private final String version;
  /** The instances' series as last rendered, and what they were rendered from. */
  private volatile @Nullable Rendered rendered;
  private volatile @Nullable HostWide hostWide;

  /** What an instance's series show. */
  private record Figures(String exporter, String type, RunStats.Snapshot stats, int series) {}

  /**
   * The instances' series, rendered from their figures when each one's stats had seen {@code
   * changes[i]} and its last run had {@code series[i]} series.
   */
  private record Rendered(
      List<ExporterInstance> instances, long[] changes, int[] series, SnapshotBytes bytes) {}

  /** The host-wide series, rendered from these values. */
  private record HostWide(
      int abandoned, boolean reloadSuccessful, long reloadEpochMillis, SnapshotBytes bytes) {}

  /**
   * Creates the collector.
   *
   * @param instances the host's instances, read at every scrape
   * @param abandonedThreads the number of worker threads stuck in runs past their timeout
   * @param reloads the outcome of the last config reload
   * @param version promonitor's version
   */
  public HostMetricsCollector(
      Supplier<List<ExporterInstance>> instances,
      IntSupplier abandonedThreads,
      ReloadStatus reloads,
      String version) {
    this.instances = requireNonNull(instances, "instances must not be null");
    this.reloads = requireNonNull(reloads, "reloads must not be null");
    this.abandonedThreads = requireNonNull(abandonedThreads, "abandonedThreads must not be null");
    this.version = requireNonNull(version, "version must not be null");
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> families = new ArrayList<>(NAMES.size());
    families.addAll(instanceFamilies(instances.get()));
    families.addAll(hostFamilies());
    return families;
  }

  @Override
  public List<MetricFamilySamples> collect(@Nullable Predicate<String> sampleNameFilter) {
    if (!(sampleNameFilter instanceof SnapshotScrape scrape)) {
      return super.collect(sampleNameFilter);
    }
    List<ExporterInstance> current = instances.get();
    if (current.isEmpty()) {
      return collect();
    }
    scrape.serveFramework("instances", bytesOf(current));
    scrape.serveLast("host", hostBytes());
    return List.of();
  }

  private SnapshotBytes bytesOf(List<ExporterInstance> current) {
    int count = current.size();
    long[] changes = new long[count];
    int[] series = new int[count];
    for (int i = 0; i < count; i++) {
      // read before the figures: a change in between renders them again at the next scrape
      changes[i] = current.get(i).stats().changes();
      series[i] = current.get(i).lastSeries();
    }
    Rendered last = rendered;
    if (last != null
        && sameInstances(last.instances(), current)
        && Arrays.equals(last.changes(), changes)
        && Arrays.equals(last.series(), series)) {
      return last.bytes();
    }
    List<Figures> figures = figuresOf(current);
    SnapshotBytes bytes = new SnapshotBytes(() -> families(figures));
    rendered = new Rendered(List.copyOf(current), changes, series, bytes);
    return bytes;
  }

  private static boolean sameInstances(List<ExporterInstance> before, List<ExporterInstance> now) {
    if (before.size() != now.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      if (before.get(i) != now.get(i)) {
        return false;
      }
    }
    return true;
  }

  private SnapshotBytes hostBytes() {
    int abandoned = abandonedThreads.getAsInt();
    boolean successful = reloads.lastSuccessful();
    long epochMillis = reloads.lastSuccessEpochMillis();
    HostWide last = hostWide;
    if (last != null
        && last.abandoned() == abandoned
        && last.reloadSuccessful() == successful
        && last.reloadEpochMillis() == epochMillis) {
      return last.bytes();
    }
    SnapshotBytes bytes =
        new SnapshotBytes(
            MetricsSnapshot.copyOf(hostFamilies(abandoned, successful, epochMillis)).families());
    hostWide = new HostWide(abandoned, successful, epochMillis, bytes);
    return bytes;
  }

  private static List<MetricFamilySamples> instanceFamilies(List<ExporterInstance> instances) {
    return families(figuresOf(instances));
  }

  private static List<Figures> figuresOf(List<ExporterInstance> instances) {
    List<Figures> figures = new ArrayList<>(instances.size());
    for (ExporterInstance instance : instances) {
      figures.add(
          new Figures(
              instance.exporter().name(),
              instance.exporter().type(),
              instance.stats().snapshot(),
              instance.lastSeries()));
    }
    return List.copyOf(figures);
  }

  /** The {@code monitor_exporter_*} families of the given instances, all of them even if empty. */
  private static List<MetricFamilySamples> families(List<Figures> instances) {
    GaugeMetricFamily up =
        new GaugeMetricFamily(
            "monitor_exporter_up", "1 when the exporter's last run succeeded, else 0.", LABELS);
    CounterMetricFamily runs =
        new CounterMetricFamily(
            "monitor_exporter_runs",
            "Runs of the exporter, by result: success, failure, timeout or series_limit.",
            List.of("exporter", "type", "result"));
    CounterMetricFamily skipped =
        new CounterMetricFamily(
            "monitor_exporter_skipped_runs",
            "Due runs that did not start because the exporter's previous run was still going.",
            LABELS);
    GaugeMetricFamily duration =
        new GaugeMetricFamily(
            "monitor_exporter_last_run_duration_seconds",
            "How long the exporter's last finished or timed-out run took.",
            LABELS);
    GaugeMetricFamily lastSuccess =
        new GaugeMetricFamily(
            "monitor_exporter_last_success_timestamp_seconds",
            "When the exporter's last successful run ended, in seconds since the epoch.",
            LABELS);
    GaugeMetricFamily consecutiveFailures =
        new GaugeMetricFamily(
            "monitor_exporter_consecutive_failures",
            "Failed or timed-out runs of the exporter since its last success.",
            LABELS);
    GaugeMetricFamily series =
        new GaugeMetricFamily(
            "monitor_exporter_series",
            "Series that the exporter's last run exported (served or, past max_series, refused).",
            LABELS);
    for (Figures instance : instances) {
      RunStats.Snapshot stats = instance.stats();
      List<String> labels = List.of(instance.exporter(), instance.type());
      up.addMetric(labels, stats.up() ? 1 : 0);
      for (Result result : Result.values()) {
        runs.addMetric(
            List.of(labels.get(0), labels.get(1), result.label()), stats.runs(result));
      }
      skipped.addMetric(labels, stats.skipped());
      if (stats.lastDurationNanos() >= 0) {
        duration.addMetric(labels, stats.lastDurationNanos() / 1e9);
      }
      if (stats.lastSuccessEpochMillis() >= 0) {
        lastSuccess.addMetric(labels, stats.lastSuccessEpochMillis() / 1e3);
      }
      consecutiveFailures.addMetric(labels, stats.consecutiveFailures());
      series.addMetric(labels, instance.series());
    }
    return List.of(up, runs, skipped, duration, lastSuccess, consecutiveFailures, series);
  }

  /** The families about the host as a whole. */
  private List<MetricFamilySamples> hostFamilies() {
    return hostFamilies(
        abandonedThreads.getAsInt(), reloads.lastSuccessful(), reloads.lastSuccessEpochMillis());
  }

  private List<MetricFamilySamples> hostFamilies(
      int abandonedCount, boolean reloadOk, long reloadEpochMillis) {
    GaugeMetricFamily abandoned =
        new GaugeMetricFamily(
            "monitor_abandoned_threads",
            "Worker threads given up on, stuck in exporter runs that ignored their timeout.",
            abandonedCount);
    GaugeMetricFamily buildInfo =
        new GaugeMetricFamily(
            "monitor_build_info",
            "promonitor's version, commit, branch and Java version; the value is always 1.",
            List.of("version", "revision", "branch", "java_version"));
    buildInfo.addMetric(
        List.of(
            version,
            dev.promonitor.core.Version.revision(),
            dev.promonitor.core.Version.branch(),
            System.getProperty("java.version", "unknown")),
        1);
    GaugeMetricFamily reloadSuccessful =
        new GaugeMetricFamily(
            "monitor_config_last_reload_successful",
            "1 when the last config reload succeeded (or none was tried yet), else 0.",
            reloadOk ? 1 : 0);
    GaugeMetricFamily reloadTimestamp =
        new GaugeMetricFamily(
            "monitor_config_last_reload_success_timestamp_seconds",
            "When the config was last loaded successfully (at start or by a reload).",
            reloadEpochMillis / 1e3);
    return List.of(
        abandoned,
        reloadSuccessful,
        reloadTimestamp,
        buildInfo);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return collect();
  }
}
