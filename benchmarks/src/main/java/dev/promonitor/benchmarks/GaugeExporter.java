package dev.promonitor.benchmarks;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import org.jspecify.annotations.Nullable;

/** Trivial work for the scale benchmark: records its start and sets one gauge. */
@ExporterType("bench_gauge")
public final class GaugeExporter extends BaseExporter<Void> {

  private int slot;
  private @Nullable Gauge value;

  /** Created by the framework. */
  public GaugeExporter() {
    super();
  }

  @Override
  protected void init() {
    slot = RunLog.slotOf(name());
    value = Gauge.build("bench_gauge_value", "The instance's slot.").register(registry());
  }

  @Override
  public void exportMetrics() {
    RunLog log = RunLog.current();
    int run = log.begin(slot);
    if (value != null) {
      value.set(slot);
    }
    log.end(slot, run);
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
