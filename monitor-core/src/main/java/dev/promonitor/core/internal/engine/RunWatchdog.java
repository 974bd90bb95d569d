package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces run timeouts with one periodic sweep over the runs in progress, instead of a timer task
 * per run: starting and ending a run only adds to and removes from a concurrent set, so thousands of
 * short runs a second cost no timer work. A timeout fires at most one sweep period after its
 * deadline. The sweep is scheduled only while runs are in progress.
 */
public final class RunWatchdog {

  /** How often the runs in progress are checked. */
  public static final long SWEEP_NANOS = 10_000_000L;

  private final TaskTimer timer;
  private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean sweepPending = new AtomicBoolean();

  /**
   * Creates the watchdog.
   *
   * @param timer the clock and the timer that runs the sweeps
   */
  public RunWatchdog(TaskTimer timer) {
    this.timer = requireNonNull(timer, "timer must not be null");
  }

  /**
   * Watches a run.
   *
   * @param timeoutNanos how long from now it may take
   * @param onTimeout called once, on the timer thread, when it is still watched past its deadline
   * @return the handle that the run cancels when it ends
   */
  public TaskTimer.Cancellable watch(long timeoutNanos, Runnable onTimeout) {
    Watch watch = new Watch(timer.nanoTime() + timeoutNanos, onTimeout);
    watched.add(watch);
    if (sweepPending.compareAndSet(false, true)) {
      timer.schedule(this::sweep, SWEEP_NANOS);
    }
    return watch;
  }

  private void sweep() {
    long now = timer.nanoTime();
    for (Watch watch : watched) {
      if (now - watch.deadlineNanos >= 0 && watched.remove(watch)) {
        watch.onTimeout.run();
      }
    }
    sweepPending.set(false);
    // A run watched meanwhile found the sweep still pending: make sure one follows.
    if (!watched.isEmpty() && sweepPending.compareAndSet(false, true)) {
      timer.schedule(this::sweep, SWEEP_NANOS);
    }
  }

  /** One watched run, which cancels itself; compared by identity, as two runs may share a deadline. */
  private final class Watch implements TaskTimer.Cancellable {
    private final long deadlineNanos;
    private final Runnable onTimeout;

    Watch(long deadlineNanos, Runnable onTimeout) {
      this.deadlineNanos = deadlineNanos;
      this.onTimeout = onTimeout;
    }

    @Override
    public void cancel() {
      watched.remove(this);
    }
  }
}
