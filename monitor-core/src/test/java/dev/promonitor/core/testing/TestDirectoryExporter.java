package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A test exporter with a plain-class config whose fields carry the defaults. */
@ExporterType("dir_size")
public final class TestDirectoryExporter extends BaseExporter<TestDirectoryConfig> {
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
