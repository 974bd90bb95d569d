package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A test exporter with a record config, like the Python framework's README S3 example. */
@ExporterType("s3_size")
public final class TestBucketsExporter extends BaseExporter<TestBucketsConfig> {
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
