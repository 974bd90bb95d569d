package dev.promonitor.benchmarks.plugin;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import org.jspecify.annotations.Nullable;

/**
 * A large output for the HTTP benchmark: {@code series} series of one gauge, labelled with the
 * instance's name and a number, set on every run.
 */
@ExporterType("bench_large")
public final class LargeExporter extends BaseExporter<LargeExporter.Config> {

  /**
   * The size of the output.
   *
   * @param series how many series the instance exports
   */
  public record Config(int series) {}

  private @Nullable Gauge value;

  /** Created by the framework. */
  public LargeExporter() {
    super();
  }

  @Override
  protected void init() {
    value =
        Gauge.build("bench_large_value", "One of many series.")
            .labelNames("exporter", "i")
            .register(registry());
  }

  @Override
  public void exportMetrics() {
    Gauge gauge = value;
    if (gauge == null) {
      return;
    }
    for (int i = 0; i < config().series(); i++) {
      gauge.labels(name(), Integer.toString(i)).set(i);
    }
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
