package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import java.util.concurrent.CountDownLatch;

/** Registers one gauge in init and sets it on each export, as most real exporters do. */
@ExporterType("gauge")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class GaugeExporter extends BaseExporter<GaugeExporter.Settings> {

  /** The gauge's name and value, and a latch counted down after each export. */
  public record Settings(String metric, double value, CountDownLatch exported) {}

  private Gauge gauge;

  @Override
  protected void init() {
    gauge = Gauge.build(config().metric(), "A test value.").register(registry());
  }

  @Override
  public void exportMetrics() {
    gauge.set(config().value());
    config().exported().countDown();
  }
}
