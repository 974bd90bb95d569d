package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running instances of a host with what runs them: the dispatcher (the threads), the
 * scheduler (when runs are due), and the instances' bracket. It starts instances, runs them once
 * for {@code --once}, and retires them, for a stop and for a reload alike. No method holds a lock
 * while it waits for exporter code, and every wait is bounded.
 */
public final class Fleet {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  /** How long a stop waits for interrupted runs to end, past the grace period. */
  static final long INTERRUPTED_WAIT_NANOS = 500_000_000L;

  /** How long {@code close()} calls get together, on top of what remains of the grace period. */
  static final long CLOSE_BUDGET_NANOS = 1_000_000_000L;

  private final TaskTimer timer;
  private final RunDispatcher dispatcher;
  private final FixedRateScheduler scheduler;
  private final IdleSignal idle;
  private volatile List<ExporterInstance> instances;

  /**
   * Creates the fleet; nothing runs before {@link #start} or {@link #runOnce}.
   *
   * @param timer the host's timer
   * @param dispatcher the threads of the execution mode
   * @param idle signalled whenever a run ends
   * @param instances the instances
   */
  public Fleet(TaskTimer timer, RunDispatcher dispatcher, IdleSignal idle, List<ExporterInstance> instances) {
    this.timer = requireNonNull(timer, "timer must not be null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher must not be null");
    this.idle = requireNonNull(idle, "idle must not be null");
    this.instances = List.copyOf(instances);
    this.scheduler = new FixedRateScheduler(timer, dispatcher::dispatchAll);
  }

  /** The instances now, in config order. */
  public List<ExporterInstance> instances() {
    return instances;
  }

  /** The threads. */
  public RunDispatcher dispatcher() {
    return dispatcher;
  }

  /** When the instances' next runs are due. */
  public FixedRateScheduler scheduler() {
    return scheduler;
  }

  /**
   * Swaps the instances, for a reload (the caller retires the removed ones and starts the new).
   *
   * @param next the instances after the reload
   */
  public void replace(List<ExporterInstance> next) {
    instances = List.copyOf(next);
  }

  /**
   * Readies a worker for each instance's first run ({@link RunDispatcher#prestart}), then
   * initializes each instance on a worker and schedules it as soon as its own {@code init} has
   * ended (a failed one is retried at its first run), so that a slow {@code init} delays no other
   * exporter; all on the cadence of this call, so that they keep one phase. Waits until every {@code init} has ended or timed out, or until {@code stopped}.
   *
   * @param starting the instances to start
   * @param stopped whether the host is stopping, checked whenever a run ends
   * @return the messages of the instances whose metric names clash with another type's
   */
  public List<String> start(List<ExporterInstance> starting, BooleanSupplier stopped) {
    long origin = timer.nanoTime();
    return initialize(starting, instance -> schedule(instance, origin), stopped);
  }

  /**
   * Starts instances without waiting for their {@code init}: for a reload, whose answer does not
   * wait for exporter code.
   *
   * @param starting the instances to start
   */
  public void startWithoutWaiting(List<ExporterInstance> starting) {
    long origin = timer.nanoTime();
    for (ExporterInstance instance : starting) {
      if (instance.tryAcquire()) {
        dispatcher.initialize(instance, () -> schedule(instance, origin));
      }
    }
  }

  /** Schedules an instance whose {@code init} has ended, unless that init ran past its timeout. */
  private void schedule(ExporterInstance instance, long origin) {
    if (!instance.isInitAbandoned()) {
      scheduler.start(List.of(instance), origin);
    }
  }

  /**
   * Runs every instance once, for {@code --once}: its {@code init}, then at once its export,
   * without a schedule; waits until every run has ended or {@code timeout} has passed.
   *
   * @param timeout how long to wait for all the runs together
   * @param stopped whether the host is stopping
   * @return the instances whose run did not end in time
   */
  public List<ExporterInstance> runOnce(Duration timeout, BooleanSupplier stopped) {
    List<ExporterInstance> all = instances;
    initialize(
        all,
        instance -> {
          // A failed init is the instance's failed run here: no second attempt.
          if (instance.isInitialized() && instance.tryAcquire()) {
            dispatcher.dispatch(instance);
          }
        },
        stopped);
    idle.awaitUntil(
        () -> stopped.getAsBoolean()
            || all.stream().noneMatch(instance -> instance.isBusy() && !instance.isStuck()),
        System.nanoTime() + timeout.toNanos());
    List<ExporterInstance> unfinished = new ArrayList<>();
    for (ExporterInstance instance : all) {
      if (instance.isBusy() && !instance.isStuck()) {
        unfinished.add(instance);
      }
    }
    return unfinished;
  }

  /**
   * Closes instances that never ran, such as those a reload created when the host stopped
   * meanwhile, within one second.
   *
   * @param unused the instances
   */
  public void discard(List<ExporterInstance> unused) {
    unused.forEach(ExporterInstance::refuseRuns);
    InstanceCloser.closeAll(unused, System.nanoTime() + CLOSE_BUDGET_NANOS);
  }

  private List<String> initialize(
      List<ExporterInstance> starting, Consumer<ExporterInstance> whenReady, BooleanSupplier stopped) {
    Set<ExporterInstance> ended = ConcurrentHashMap.newKeySet();
    dispatcher.prestart(starting);
    for (ExporterInstance instance : starting) {
      if (instance.tryAcquire()) {
        dispatcher.initialize(
            instance,
            () -> {
              ended.add(instance);
              whenReady.accept(instance);
              idle.signal();
            });
      } else {
        ended.add(instance);
      }
    }
    List<ExporterInstance> pending = new ArrayList<>(starting);
    int[] endedBefore = {-1};
    idle.awaitUntil(
        () -> {
          if (stopped.getAsBoolean()) {
            return true;
          }
          int endedNow = ended.size();
          if (endedNow == starting.size()) {
            return true;
          }
          // Only an init stuck past its timeout keeps the count short for good, so the instances
          // are looked through only when no init has ended since the last wake-up: with thousands
          // of instances, a scan per ended init would make the start quadratic.
          if (endedNow == endedBefore[0]) {
            pending.removeIf(instance -> ended.contains(instance) || instance.isStuck());
            if (pending.isEmpty()) {
              return true;
            }
          }
          endedBefore[0] = endedNow;
          return false;
        },
        Long.MAX_VALUE);
    return starting.stream()
        .filter(ended::contains)
        .map(ExporterInstance::nameClash)
        .filter(clash -> clash != null)
        .toList();
  }

  /**
   * Stops instances for good, for a stop and for a reload alike: refuses their runs, waits for the
   * running ones within the grace period, interrupts them after it (at a stop), and closes each
   * one that is not stuck, all closes within one second past the grace period.
   *
   * @param retiring the instances to retire
   * @param grace how long running exports may go on
   * @param stopping whether the whole fleet stops: its scheduling ends and stuck runs are
   *     interrupted at the end of the grace period
   */
  public void retire(List<ExporterInstance> retiring, Duration grace, boolean stopping) {
    long graceEnd = System.nanoTime() + grace.toNanos();
    if (stopping) {
      scheduler.stop();
    } else {
      retiring.forEach(scheduler::remove);
    }
    retiring.forEach(ExporterInstance::refuseRuns);
    if (stopping) {
      dispatcher.shutdown();
    }
    if (!awaitIdle(retiring, graceEnd) && stopping) {
      LOG.warn(
          "Exporters still running after the {} grace period are interrupted: {}",
          Durations.seconds(grace),
          String.join(", ", retiring.stream().filter(ExporterInstance::isBusy).map(ExporterInstance::qualifiedName).toList()));
      dispatcher.shutdownNow();
      awaitIdle(retiring, System.nanoTime() + INTERRUPTED_WAIT_NANOS);
    }
    List<ExporterInstance> closing = new ArrayList<>();
    for (ExporterInstance instance : retiring) {
      if (instance.isBusy()) {
        LOG.warn("Exporter '{}' is stuck in a run and was not closed", instance.qualifiedName());
      } else {
        closing.add(instance);
      }
    }
    InstanceCloser.closeAll(closing, Math.max(graceEnd, System.nanoTime()) + CLOSE_BUDGET_NANOS);
  }

  /**
   * Waits for the runs of these instances to end, but not for a run already past its timeout: it
   * was interrupted then, and waiting for it would only hold up the reload's answer or the stop.
   */
  private boolean awaitIdle(List<ExporterInstance> waitingFor, long deadlineNanos) {
    return idle.awaitUntil(
        () -> waitingFor.stream().noneMatch(instance -> instance.isBusy() && !instance.isStuck()),
        deadlineNanos);
  }
}
