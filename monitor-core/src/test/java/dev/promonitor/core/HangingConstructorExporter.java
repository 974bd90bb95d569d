package dev.promonitor.core;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.CountDownLatch;

/** An exporter whose constructor does not return until a test lets it, ignoring interrupts. */
@ExporterType("hangs_in_constructor")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class HangingConstructorExporter extends BaseExporter<Void> {

  /** Counted down when a test ends, so that the stuck constructor returns. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  /** Waits for {@link #release}. */
  public HangingConstructorExporter() {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // as a careless constructor would
      }
    }
  }

  @Override
  public void exportMetrics() {}
}
