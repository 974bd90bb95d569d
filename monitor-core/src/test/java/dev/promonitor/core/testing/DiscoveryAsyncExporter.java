package dev.promonitor.core.testing;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A class-path exporter whose config class is given through {@code AsyncExporter<C>}. */
@SuppressWarnings("try") // BaseExporter.close() throws Exception, which javac's try lint flags
@ExporterType("discovery_async")
public final class DiscoveryAsyncExporter extends AsyncExporter<DiscoveryConfig> {

  /** Created by the framework. */
  public DiscoveryAsyncExporter() {}

  @Override
  public CompletionStage<Void> exportMetricsAsync() {
    return CompletableFuture.completedFuture(null);
  }
}
