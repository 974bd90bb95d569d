package dev.promonitor.core.config;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A test exporter that takes no config. */
@ExporterType("heartbeat")
public final class TestHeartbeatExporter extends BaseExporter<Void> {
  @Override
  public void exportMetrics() {
    // a fixture: nothing to export
  }
}
