package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starts each instance's runs at a fixed rate: run {@code k} is due at {@code start + k * period},
 * whatever the previous runs took, so the period does not drift by the work time. The first run is
 * due at once. A run that is due while the instance's previous run is still going is skipped and
 * counted; when the timer itself falls more than a whole period behind, the latest due run starts
 * at once and the older ones are skipped and counted, rather than run back to back.
 */
public final class FixedRateScheduler {

  private final TaskTimer timer;
  private final Consumer<ExporterInstance> dispatch;
  private final List<Slot> slots = new ArrayList<>();
  private volatile boolean stopped;

  /**
   * Creates the scheduler.
   *
   * @param timer the clock and timer
   * @param dispatch starts a run of an acquired instance
   */
  public FixedRateScheduler(TaskTimer timer, Consumer<ExporterInstance> dispatch) {
    this.timer = requireNonNull(timer, "timer must not be null");
    this.dispatch = requireNonNull(dispatch, "dispatch must not be null");
  }

  /**
   * Schedules the instances, each from now on.
   *
   * @param instances the instances to run
   */
  public synchronized void start(List<ExporterInstance> instances) {
    long start = timer.nanoTime();
    for (ExporterInstance instance : instances) {
      Slot slot = new Slot(instance, start);
      slots.add(slot);
      slot.scheduleNext(start);
    }
  }

  /** Stops scheduling: no run starts after this returns (runs already started go on). */
  public synchronized void stop() {
    stopped = true;
    for (Slot slot : slots) {
      slot.cancel();
    }
  }

  private final class Slot {
    private final ExporterInstance instance;
    private final long startNanos;
    private long runIndex;
    private TaskTimer.@Nullable Cancellable next;

    Slot(ExporterInstance instance, long startNanos) {
      this.instance = instance;
      this.startNanos = startNanos;
    }

    void scheduleNext(long now) {
      synchronized (this) {
        if (!stopped) {
          next = timer.schedule(this::tick, startNanos + runIndex * instance.periodNanos() - now);
        }
      }
    }

    void tick() {
      if (stopped) {
        return;
      }
      long period = instance.periodNanos();
      long now = timer.nanoTime();
      synchronized (this) {
        long due = startNanos + runIndex * period;
        long behind = now > due ? (now - due) / period : 0;
        if (behind > 0) {
          // A whole period late or more: this tick stands for the latest due run, not a backlog.
          instance.recordSkipped(behind);
          runIndex += behind;
        }
        runIndex++;
      }
      if (instance.tryAcquire()) {
        dispatch.accept(instance);
      } else {
        instance.recordSkipped(1);
      }
      scheduleNext(now);
    }

    synchronized void cancel() {
      if (next != null) {
        next.cancel();
      }
    }
  }
}
