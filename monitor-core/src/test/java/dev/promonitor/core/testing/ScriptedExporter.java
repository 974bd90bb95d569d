package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** A blocking exporter that does what its {@link Script} says. */
@ExporterType("scripted")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class ScriptedExporter extends BaseExporter<Script> {

  @Override
  protected void init() throws Exception {
    config().onInit().run();
  }

  @Override
  public void exportMetrics() throws Exception {
    config().onExport().run();
  }

  @Override
  public void close() throws Exception {
    config().onClose().run();
  }
}
