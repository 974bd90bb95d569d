package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** An exporter whose constructor fails, as a buggy one would. */
@ExporterType("throws_in_constructor")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class ThrowingConstructorExporter extends BaseExporter<Void> {

  /** Fails at once. */
  public ThrowingConstructorExporter() {
    throw new IllegalArgumentException("no credentials");
  }

  @Override
  public void exportMetrics() {}
}
