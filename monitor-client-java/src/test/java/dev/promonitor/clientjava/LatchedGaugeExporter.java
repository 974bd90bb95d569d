package dev.promonitor.clientjava;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Registers a gauge in init, sets it on each export and counts down a latch; counts its closes. */
@ExporterType("latched_gauge")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class LatchedGaugeExporter extends BaseExporter<LatchedGaugeExporter.Settings> {

  /**
   * The gauge's name and value, a latch counted down after each export, and a counter of closes.
   *
   * @param metric the gauge's name
   * @param value its value
   * @param exported counted down after each export
   * @param closes incremented by each close()
   */
  public record Settings(String metric, double value, CountDownLatch exported, AtomicInteger closes) {

    static Settings of(String metric, double value) {
      return new Settings(metric, value, new CountDownLatch(1), new AtomicInteger());
    }
  }

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

  @Override
  public void close() {
    config().closes().incrementAndGet();
  }
}
