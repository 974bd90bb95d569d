package dev.promonitor.testing;

import dev.promonitor.api.BaseExporter;

/** Lacks its {@code @ExporterType}. */
@SuppressWarnings("try")
public final class NotAnnotatedExporter extends BaseExporter<Void> {
  @Override
  public void exportMetrics() {}
}
