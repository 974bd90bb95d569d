package dev.promonitor.core.internal.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real timer: one daemon thread that only hands due runs to the workers. */
public final class SystemTaskTimer implements TaskTimer {

  private final ScheduledThreadPoolExecutor executor;

  /**
   * Creates the timer and its thread.
   *
   * @param threadName the name of the timer thread
   */
  public SystemTaskTimer(String threadName) {
    executor = new ScheduledThreadPoolExecutor(1, Threads.daemonFactory(threadName, false));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void shutdown() {
    executor.shutdownNow();
  }
}
