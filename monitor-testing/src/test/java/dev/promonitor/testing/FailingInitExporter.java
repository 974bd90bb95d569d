package dev.promonitor.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.atomic.AtomicInteger;

/** Fails in init, so that the tester must close it. */
@ExporterType("failing_init")
public final class FailingInitExporter extends BaseExporter<Void> {

  /** Closes seen, over all instances. */
  static final AtomicInteger CLOSED = new AtomicInteger();

  @Override
  protected void init() throws java.io.IOException {
    throw new java.io.IOException("no such device");
  }

  @Override
  public void exportMetrics() {
    throw new AssertionError("never exported");
  }

  @Override
  public void close() {
    CLOSED.incrementAndGet();
  }
}
