package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A test exporter that takes no config. */
@ExporterType("heartbeat")
public final class TestHeartbeatExporter extends BaseExporter<Void> {
  @Override
  public void exportMetrics() {
    // a fixture: nothing to export
  }

  /** Narrows {@code throws Exception}, which {@code -Xlint:try} flags on every AutoCloseable. */
  @Override
  public void close() {
    // a fixture: nothing to release
  }
}
