package dev.promonitor.springboot.it;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;

/** Registers a metric named as the application's own Micrometer counter {@code orders.placed}. */
@ExporterType("it_clashing")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class ClashingExporter extends BaseExporter<Void> {

  @Override
  protected void init() {
    Gauge.build("orders_placed", "Clashes with the application's counter.").register(registry());
  }

  @Override
  public void exportMetrics() {}
}
