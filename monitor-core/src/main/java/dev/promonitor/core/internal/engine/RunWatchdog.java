package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces run timeouts with one periodic sweep over the runs in progress, instead of a timer task
 * per run: starting a run appends it to a lock-free queue (one compare-and-set), and ending it only
 * marks its watch done, so thousands of short runs a second cost no timer work and no shared hash
 * table (whose adds and removes, with 10,000 instances due together, were a third of a run's
 * time, benchmarks/RESULTS.md). The sweep fires the watches past their deadline and drops the
 * ended ones. A timeout fires at most one sweep period after its deadline, and a watch fires or is
 * cancelled, never both. The sweep is scheduled only while watches are queued.
 */
public final class RunWatchdog {

  /** How often the runs in progress are checked. */
  public static final long SWEEP_NANOS = 10_000_000L;

  private final TaskTimer timer;
  private final Queue<Watch> watched = new ConcurrentLinkedQueue<>();
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
    // Read first: a failed compare-and-set still takes the cache line from the other workers.
    if (!sweepPending.get() && sweepPending.compareAndSet(false, true)) {
      timer.schedule(this::sweep, SWEEP_NANOS);
    }
    return watch;
  }

  private void sweep() {
    long now = timer.nanoTime();
    for (Iterator<Watch> it = watched.iterator(); it.hasNext(); ) {
      Watch watch = it.next();
      if (watch.isDone()) {
        it.remove();
      } else if (now - watch.deadlineNanos >= 0 && watch.finish()) {
        it.remove();
        watch.onTimeout.run();
      }
    }
    sweepPending.set(false);
    // A run watched meanwhile found the sweep still pending: make sure one follows.
    if (!watched.isEmpty() && sweepPending.compareAndSet(false, true)) {
      timer.schedule(this::sweep, SWEEP_NANOS);
    }
  }

  private static final class Watch implements TaskTimer.Cancellable {
    private static final VarHandle DONE;

    static {
      try {
        DONE = MethodHandles.lookup().findVarHandle(Watch.class, "done", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final long deadlineNanos;
    private final Runnable onTimeout;
    /** Set once: by the run that ends ({@link #cancel}) or by the sweep that times it out. */
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;

    Watch(long deadlineNanos, Runnable onTimeout) {
      this.deadlineNanos = deadlineNanos;
      this.onTimeout = onTimeout;
    }

    boolean isDone() {
      return done;
    }

    /** Marks the watch done; {@code true} for the one caller that did. */
    boolean finish() {
      return DONE.compareAndSet(this, false, true);
    }

    @Override
    public void cancel() {
      finish();
    }
  }
}
