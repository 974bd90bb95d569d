package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;

/**
 * An intermediate generic base class, as exporter authors write to share code between types.
 *
 * @param <T> the config class, passed on to {@link BaseExporter}
 */
@SuppressWarnings("try") // BaseExporter.close() throws Exception, which javac's try lint flags
public abstract class DiscoveryBaseExporter<T> extends BaseExporter<T> {

  /** For subclasses. */
  protected DiscoveryBaseExporter() {}

  @Override
  public void exportMetrics() {}
}
