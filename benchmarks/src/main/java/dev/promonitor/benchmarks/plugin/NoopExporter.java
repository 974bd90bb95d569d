package dev.promonitor.benchmarks.plugin;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import org.jspecify.annotations.Nullable;

/** A trivial exporter for the memory benchmark: sets one gauge to a constant on every run. */
@ExporterType("bench_noop")
public final class NoopExporter extends BaseExporter<Void> {

  private @Nullable Gauge value;

  /** Created by the framework. */
  public NoopExporter() {
    super();
  }

  @Override
  protected void init() {
    value = Gauge.build("bench_noop_value", "A constant, set on every run.").register(registry());
  }

  @Override
  public void exportMetrics() {
    if (value != null) {
      value.set(1);
    }
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
