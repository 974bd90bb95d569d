package dev.promonitor.benchmarks;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.ExporterType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits the work time of the running benchmark without holding a thread: its stage is completed by
 * a timer that all instances share.
 */
@ExporterType("bench_async_sleep")
public final class AsyncSleepExporter extends AsyncExporter<Void> {

  private static final ScheduledExecutorService COMPLETER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "bench-async-completer");
            thread.setDaemon(true);
            return thread;
          });

  private int slot;

  /** Created by the framework. */
  public AsyncSleepExporter() {
    super();
  }

  @Override
  protected void init() {
    slot = RunLog.slotOf(name());
  }

  @Override
  public CompletionStage<Void> exportMetricsAsync() {
    RunLog log = RunLog.current();
    int run = log.begin(slot);
    CompletableFuture<Void> done = new CompletableFuture<>();
    COMPLETER.schedule(
        () -> {
          log.end(slot, run);
          done.complete(null);
        },
        log.workNanos(),
        TimeUnit.NANOSECONDS);
    return done;
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
