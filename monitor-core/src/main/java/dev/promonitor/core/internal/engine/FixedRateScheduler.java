package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starts each instance's runs at a fixed rate: run {@code k} is due at {@code start + k * period},
 * whatever the previous runs took, so the period does not drift by the work time. The first run is
 * due at once, or after the instance's initial delay and jitter offset. A run that is due while the instance's previous run is still going is skipped and
 * counted; when the timer itself falls more than a whole period behind, the latest due run starts
 * at once and the older ones are skipped and counted, rather than run back to back.
 */
public final class FixedRateScheduler {

  private final TaskTimer timer;
  private final Consumer<ExporterInstance> dispatch;
  private final Map<ExporterInstance, Slot> slots = new LinkedHashMap<>();
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
   * Schedules the instances, each from now on; used at start and for instances added by a reload.
   *
   * @param instances the instances to run
   */
  public synchronized void start(List<ExporterInstance> instances) {
    long now = timer.nanoTime();
    for (ExporterInstance instance : instances) {
      Slot slot = new Slot(instance, now + firstRunOffsetNanos(instance));
      slots.put(instance, slot);
      slot.scheduleNext(now);
    }
  }

  /**
   * When an instance's next run is due.
   *
   * @param instance the instance
   * @return the timer's time of its next due run, or empty when it is not scheduled
   */
  public synchronized java.util.OptionalLong nextDueNanos(ExporterInstance instance) {
    Slot slot = slots.get(instance);
    if (slot == null || stopped) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(slot.nextDueNanos());
  }

  /**
   * Stops scheduling one instance, for a reload that removes it; a run already started goes on.
   *
   * @param instance the instance
   */
  public synchronized void remove(ExporterInstance instance) {
    Slot slot = slots.remove(instance);
    if (slot != null) {
      slot.cancel();
    }
  }

  /**
   * When an instance's first run is due, after start: its initial delay plus its jitter offset, a
   * fixed fraction of its jitter bound derived from its name, so that the offset is random across
   * instances but the same for one instance from one start to the next (as Prometheus spreads its
   * scrapes).
   *
   * @param instance the instance
   * @return the offset in nanoseconds
   */
  static long firstRunOffsetNanos(ExporterInstance instance) {
    long jitter = instance.schedule().jitter().toNanos();
    long offset = instance.schedule().initialDelay().toNanos();
    if (jitter > 0) {
      long spread = mix(instance.qualifiedName().hashCode());
      offset += Math.floorMod(spread, jitter);
    }
    return offset;
  }

  /** A 64-bit finalizer (from SplitMix64) so that close names get far-apart offsets. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Stops scheduling: no run starts after this returns (runs already started go on). */
  public synchronized void stop() {
    stopped = true;
    for (Slot slot : slots.values()) {
      slot.cancel();
    }
  }

  private final class Slot {
    private final ExporterInstance instance;
    private final long startNanos;
    private long runIndex;
    private TaskTimer.@Nullable Cancellable next;
    private volatile boolean cancelled;

    Slot(ExporterInstance instance, long startNanos) {
      this.instance = instance;
      this.startNanos = startNanos;
    }

    void scheduleNext(long now) {
      synchronized (this) {
        if (!stopped && !cancelled) {
          next = timer.schedule(this::tick, startNanos + runIndex * instance.periodNanos() - now);
        }
      }
    }

    void tick() {
      if (stopped || cancelled) {
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

    synchronized long nextDueNanos() {
      return startNanos + runIndex * instance.periodNanos();
    }

    synchronized void cancel() {
      cancelled = true;
      if (next != null) {
        next.cancel();
      }
    }
  }
}
