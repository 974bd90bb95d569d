package dev.promonitor.api;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An exporter whose export does not block a thread: it starts its work and returns a
 * {@link CompletionStage} that completes when the metrics are updated.
 *
 * <p>In the {@code async} execution mode such exporters run concurrently without holding a thread
 * each; in the {@code sync} and {@code multithreaded} modes a worker thread waits for the stage.
 * Either way the framework treats the run as finished only when the stage completes, and as failed
 * when it completes exceptionally.
 *
 * <pre>{@code
 * @ExporterType("http_probe")
 * public final class HttpProbeExporter extends AsyncExporter<HttpProbeConfig> {
 *   @Override
 *   public CompletionStage<Void> exportMetricsAsync() {
 *     return client.sendAsync(request, BodyHandlers.discarding())
 *         .thenAccept(response -> status.set(response.statusCode()));
 *   }
 * }
 * }</pre>
 *
 * @param <C> the config class, or {@link Void} for none
 */
@SuppressWarnings("try")
public abstract class AsyncExporter<C> extends BaseExporter<C> {

  /** Creates the exporter with the settings that the framework prepared for this instance. */
  protected AsyncExporter() {
    super();
  }

  /**
   * Starts one export and returns at once. Never called again before the returned stage has
   * completed. Must not block: it is called on a thread that other exporters share.
   *
   * @return a stage that completes when the export has finished, exceptionally when it failed
   */
  public abstract CompletionStage<Void> exportMetricsAsync();

  /**
   * Runs {@link #exportMetricsAsync()} and waits for it, for callers that need a blocking call.
   * The framework itself calls {@link #exportMetricsAsync()}.
   *
   * @throws Exception the exception that the stage completed with, or
   *     {@link java.util.concurrent.CancellationException} when it was cancelled
   */
  @Override
  public final void exportMetrics() throws Exception {
    try {
      exportMetricsAsync().toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
