package dev.promonitor.core.testing;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.CompletionStage;

/** An asynchronous exporter that does what its {@link Script} says. */
@ExporterType("scripted_async")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class ScriptedAsyncExporter extends AsyncExporter<Script> {

  @Override
  protected void init() throws Exception {
    config().onInit().run();
  }

  @Override
  public CompletionStage<Void> exportMetricsAsync() {
    return config().onExportAsync().get();
  }

  @Override
  public void close() throws Exception {
    config().onClose().run();
  }
}
