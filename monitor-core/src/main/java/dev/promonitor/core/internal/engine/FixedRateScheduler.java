package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starts each instance's runs at a fixed rate: run {@code k} is due at {@code start + k * period},
 * whatever the previous runs took, so the period does not drift by the work time. The first run is
 * due at once, or after the instance's initial delay and jitter offset. A run that is due while the
 * instance's previous run is still going is skipped and counted; when the timer itself falls more
 * than a whole period behind, the latest due run starts at once and the older ones are skipped and
 * counted, rather than run back to back.
 *
 * <p>Runs due within the same {@value #GRANULARITY_NANOS} ns share one wake-up of the timer, which
 * then hands them to the dispatcher together, so that they wake one worker rather than one each:
 * with thousands of instances whose runs are spread by jitter, the timer wakes 200 times a second
 * instead of once per run (or once per millisecond, which cost 5 % of a core with 10,000
 * instances). A run starts at most that much after it is due; the period itself stays exact.
 */
public final class FixedRateScheduler {

  /** Due times are rounded up to this for grouping: at most one timer wake-up per 5 ms. */
  static final long GRANULARITY_NANOS = 5_000_000L;

  private final TaskTimer timer;
  private final Consumer<List<ExporterInstance>> dispatch;
  private final Map<ExporterInstance, Slot> slots = new HashMap<>();
  private final TreeMap<Long, List<Slot>> wakeUps = new TreeMap<>();
  private TaskTimer.@Nullable Cancellable armed;
  private long armedAt = Long.MAX_VALUE;
  private boolean stopped;

  /**
   * Creates the scheduler.
   *
   * @param timer the clock and timer
   * @param dispatch starts the runs of acquired instances, those that one wake-up found due
   */
  public FixedRateScheduler(TaskTimer timer, Consumer<List<ExporterInstance>> dispatch) {
    this.timer = requireNonNull(timer, "timer must not be null");
    this.dispatch = requireNonNull(dispatch, "dispatch must not be null");
  }

  /**
   * Schedules the instances, each from now on; used at start and for instances added by a reload.
   *
   * @param instances the instances to run
   */
  public void start(List<ExporterInstance> instances) {
    start(instances, timer.nanoTime());
  }

  /**
   * Schedules the instances on the cadence of an origin: run {@code k} of each is due at {@code
   * origin + offset + k * period}, so that instances started together keep one phase however long
   * each one's {@code init} took. An instance scheduled after its first due time runs at once, as
   * a first run is never skipped, then from the first due time at least half a period later.
   *
   * @param instances the instances to run
   * @param originNanos the timer's time that the cadence counts from, such as when the host
   *     started initializing them
   */
  public synchronized void start(List<ExporterInstance> instances, long originNanos) {
    if (stopped) {
      return;
    }
    long now = timer.nanoTime();
    for (ExporterInstance instance : instances) {
      Slot slot = new Slot(instance, originNanos + firstRunOffsetNanos(instance), now);
      slots.put(instance, slot);
      enqueue(slot);
    }
    arm(now);
  }

  /**
   * When an instance's next run is due.
   *
   * @param instance the instance
   * @return the timer's time of its next due run, or empty when it is not scheduled
   */
  public synchronized OptionalLong nextDueNanos(ExporterInstance instance) {
    Slot slot = slots.get(instance);
    if (slot == null || stopped) {
      return OptionalLong.empty();
    }
    // Between its dispatch and its bookkeeping, a slot's next run is the one after the due one.
    return OptionalLong.of(slot.dispatched ? slot.dueAfter(timer.nanoTime()) : slot.nextDueNanos());
  }

  /**
   * Stops scheduling one instance, for a reload that removes it; a run already started goes on.
   *
   * @param instance the instance
   */
  public synchronized void remove(ExporterInstance instance) {
    Slot slot = slots.remove(instance);
    if (slot != null) {
      slot.cancelled = true;
    }
  }

  /** Stops scheduling: no run starts after this returns (runs already started go on). */
  public synchronized void stop() {
    stopped = true;
    wakeUps.clear();
    if (armed != null) {
      armed.cancel();
      armed = null;
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

  private void enqueue(Slot slot) {
    wakeUps.computeIfAbsent(wakeUpFor(slot.nextDueNanos()), unused -> new ArrayList<>()).add(slot);
  }

  /** The wake-up of the timer that a due time belongs to: the next multiple of the granularity. */
  private static long wakeUpFor(long due) {
    long wakeUp = due - Math.floorMod(due, GRANULARITY_NANOS);
    return wakeUp < due ? wakeUp + GRANULARITY_NANOS : wakeUp;
  }

  /** Makes sure the timer wakes for the earliest pending group. */
  private void arm(long now) {
    if (stopped || wakeUps.isEmpty()) {
      return;
    }
    long earliest = wakeUps.firstKey();
    if (earliest < armedAt) {
      if (armed != null) {
        armed.cancel();
      }
      armedAt = earliest;
      armed = timer.schedule(this::wake, earliest - now);
    }
  }

  /**
   * On the timer: hands every run that is due now to the workers, then moves each of those
   * instances to its next due time and waits for the earliest. The workers start on the runs
   * before this bookkeeping, which, with 10,000 instances due together, takes milliseconds.
   */
  private void wake() {
    List<Slot> due = null;
    long now;
    synchronized (this) {
      armed = null;
      armedAt = Long.MAX_VALUE;
      if (stopped) {
        return;
      }
      now = timer.nanoTime();
      while (!wakeUps.isEmpty() && wakeUps.firstKey() <= now) {
        List<Slot> group = wakeUps.pollFirstEntry().getValue();
        if (due == null) {
          due = group;
        } else {
          due.addAll(group);
        }
      }
      if (due == null) {
        arm(now);
        return;
      }
      for (Slot slot : due) {
        slot.dispatched = true;
      }
    }
    List<ExporterInstance> acquired = new ArrayList<>(due.size());
    for (Slot slot : due) {
      ExporterInstance instance = slot.instance;
      if (slot.cancelled) {
        continue;
      }
      if (instance.isInitAbandoned()) {
        // An init retried at a run timed out: the instance never runs again, nor counts skips.
        slot.cancelled = true;
      } else if (instance.tryAcquire()) {
        acquired.add(instance);
      } else {
        instance.recordSkipped(1);
      }
    }
    if (!acquired.isEmpty()) {
      dispatch.accept(acquired);
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
      // Slots that shared a wake-up mostly share the next one too: one lookup for each run of them.
      long lastWakeUp = Long.MIN_VALUE;
      List<Slot> lastGroup = null;
      for (Slot slot : due) {
        slot.dispatched = false;
        if (slot.cancelled) {
          continue;
        }
        slot.advance(now);
        long wakeUp = wakeUpFor(slot.nextDueNanos());
        if (wakeUp != lastWakeUp || lastGroup == null) {
          lastWakeUp = wakeUp;
          lastGroup = wakeUps.computeIfAbsent(wakeUp, unused -> new ArrayList<>());
        }
        lastGroup.add(slot);
      }
      arm(timer.nanoTime());
    }
  }

  /** One instance's place in the schedule; guarded by the scheduler's lock. */
  private static final class Slot {
    private final ExporterInstance instance;
    private final long startNanos;
    private long runIndex;
    /** When the first run is due, if it is off the cadence: scheduled after its due time. */
    private long lateFirstNanos;
    private boolean lateFirst;
    /** Handed to the workers by a wake-up that has not moved it to its next due time yet. */
    private boolean dispatched;
    private volatile boolean cancelled;

    Slot(ExporterInstance instance, long startNanos, long now) {
      this.instance = instance;
      this.startNanos = startNanos;
      if (now > startNanos) {
        long period = instance.periodNanos();
        lateFirst = true;
        lateFirstNanos = now;
        // The first run due at least half a period after this one; ceiling division.
        long ahead = now + period / 2 - startNanos;
        runIndex = ahead / period + (ahead % period == 0 ? 0 : 1);
      }
    }

    long nextDueNanos() {
      return lateFirst ? lateFirstNanos : startNanos + runIndex * instance.periodNanos();
    }

    /** Moves past the run that is due now, skipping whole periods that the timer missed. */
    void advance(long now) {
      if (lateFirst) {
        lateFirst = false;
        return;
      }
      long behind = periodsBehind(now);
      if (behind > 0) {
        // A whole period late or more: this wake-up stands for the latest due run, not a backlog.
        instance.recordSkipped(behind);
        runIndex += behind;
      }
      runIndex++;
    }

    /** When the next run is due once {@link #advance} has moved past the due one, at {@code now}. */
    long dueAfter(long now) {
      if (lateFirst) {
        return startNanos + runIndex * instance.periodNanos();
      }
      return startNanos + (runIndex + periodsBehind(now) + 1) * instance.periodNanos();
    }

    private long periodsBehind(long now) {
      long period = instance.periodNanos();
      long due = startNanos + runIndex * period;
      return now > due ? (now - due) / period : 0;
    }
  }
}
