package dev.promonitor.core.testing;

import dev.promonitor.api.ExporterType;

/** A class-path exporter whose config class is given through an intermediate generic class. */
@SuppressWarnings("try") // BaseExporter.close() throws Exception, which javac's try lint flags
@ExporterType("discovery_inherited")
public final class DiscoveryInheritedExporter extends DiscoveryBaseExporter<DiscoveryConfig> {

  /** Created by the framework. */
  public DiscoveryInheritedExporter() {}
}
