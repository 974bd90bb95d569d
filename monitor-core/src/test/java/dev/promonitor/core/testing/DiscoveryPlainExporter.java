package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A class-path exporter with a config, for discovery tests. */
@SuppressWarnings("try") // BaseExporter.close() throws Exception, which javac's try lint flags
@ExporterType("discovery_plain")
public final class DiscoveryPlainExporter extends BaseExporter<DiscoveryConfig> {

  /** Created by the framework. */
  public DiscoveryPlainExporter() {}

  @Override
  public void exportMetrics() {}
}
