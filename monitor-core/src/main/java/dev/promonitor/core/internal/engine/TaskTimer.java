package dev.promonitor.core.internal.engine;

/**
 * The clock and timer that the scheduler runs on; tests replace it with a fake whose time only
 * moves when told.
 */
public interface TaskTimer {

  /**
   * The current time of this timer, as {@link System#nanoTime()}.
   *
   * @return nanoseconds from an arbitrary origin
   */
  long nanoTime();

  /**
   * The wall-clock time, for timestamps that people and Prometheus read.
   *
   * @return milliseconds since the epoch
   */
  default long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  /**
   * Runs {@code task} once after {@code delayNanos}.
   *
   * @param task what to run; must not block
   * @param delayNanos the delay, 0 or negative for as soon as possible
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Runnable task, long delayNanos);

  /** Stops the timer: pending tasks never run. */
  void shutdown();

  /** A scheduled task that may still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}
