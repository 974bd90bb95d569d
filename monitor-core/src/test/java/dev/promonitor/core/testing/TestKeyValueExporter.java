package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** The Python framework's README example entry, with a real type. */
@ExporterType("key_value")
public final class TestKeyValueExporter extends BaseExporter<TestKeyValueExporter.Settings> {

  /** The keys of the README's example config. */
  public record Settings(String configKeyOne, String configKeyTwo) {}

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
