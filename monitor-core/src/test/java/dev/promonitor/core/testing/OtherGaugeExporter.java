package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;

/** Another type that registers a gauge named by its config: for metric name clashes. */
@ExporterType("other_gauge")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class OtherGaugeExporter extends BaseExporter<GaugeExporter.Settings> {

  private Gauge gauge;

  @Override
  protected void init() {
    gauge = Gauge.build(config().metric(), "Another test value.").register(registry());
  }

  @Override
  public void exportMetrics() {
    gauge.set(config().value());
  }
}
