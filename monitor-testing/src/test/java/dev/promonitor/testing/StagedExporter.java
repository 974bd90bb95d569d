package dev.promonitor.testing;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** An asynchronous exporter whose stage the test completes, fails or never completes. */
@ExporterType("staged")
@SuppressWarnings("try")
public final class StagedExporter extends AsyncExporter<Void> {

  /** The stage the next export returns. */
  static volatile CompletableFuture<Void> next = new CompletableFuture<>();

  private @Nullable Gauge value;

  @Override
  protected void init() {
    value = Gauge.build("staged_value", "A value.").register(registry());
  }

  @Override
  public CompletionStage<Void> exportMetricsAsync() {
    return next.thenRun(() -> value.set(42));
  }
}
