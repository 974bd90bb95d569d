package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A class-path exporter without config. */
@SuppressWarnings("try") // BaseExporter.close() throws Exception, which javac's try lint flags
@ExporterType("discovery_void")
public final class DiscoveryVoidExporter extends BaseExporter<Void> {

  /** Created by the framework. */
  public DiscoveryVoidExporter() {}

  @Override
  public void exportMetrics() {}
}
