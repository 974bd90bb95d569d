package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.SecretMasking;
import dev.promonitor.core.internal.engine.RunStats.Result;
import io.prometheus.client.CollectorRegistry;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running exporter: the user's object, its registry, its schedule, what the engine knows of
 * its runs, and the snapshot of what its last good run exported.
 *
 * <p>A run is bracketed by {@link #tryAcquire()} and the release that ends it, so that runs of one
 * instance never overlap; every call into the exporter happens inside that bracket, which also
 * gives the happens-before order that {@link BaseExporter} promises. A run ends by collecting the
 * exporter's registry into an immutable {@link MetricsSnapshot}, on the run's own thread and under
 * its timeout; only a run that succeeds entirely replaces the served snapshot, in one write, so
 * that a scrape never runs exporter code nor sees a half-finished run.
 *
 * <p>A run still going at its timeout is interrupted (an asynchronous one cancelled) and counted
 * as a timeout at once; a run that ignores the interrupt keeps its bracket, so that the instance's
 * next runs are skipped until it returns, and its thread is reported as abandoned so that the pool
 * can replace it.
 */
// About 400 lines: the run bracket's entry points for each execution mode (blocking, async,
// init) stay beside the state they guard; the pieces of a run are RunBracket, RunOutcomes, RunEnd,
// RunTimeouts and ExporterCalls.
public final class ExporterInstance {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");


  private final BaseExporter<?> exporter;
  private final ExporterCalls calls;
  private final String qualifiedName;
  private final CollectorRegistry registry;
  private final ExporterSchedule schedule;
  private final TaskTimer timer;
  private final MetricNameGuard names;
  private final RunBracket bracket;
  private final RunOutcomes outcomes;
  private final RunEnd runEnd;
  private final RunTimeouts timeouts;
  private final AtomicBoolean closed = new AtomicBoolean();

  // Guarded by the run bracket (busy): only the thread running this instance touches them.
  private boolean initialized;

  private volatile @Nullable String nameClash;
  private volatile boolean initAbandoned;

  /**
   * Wraps an exporter that the framework created.
   *
   * @param exporter the exporter
   * @param schedule its interval, timeout and failure policy
   * @param timer the clock that measures runs and fires timeouts
   * @param names where the instance claims its metric names after {@code init} and each run
   * @param watchdog enforces the timeout of each run
   * @param idle signalled whenever a run ends, for a stop, a reload and {@code --once}
   */
  public ExporterInstance(
      BaseExporter<?> exporter,
      ExporterSchedule schedule,
      TaskTimer timer,
      MetricNameGuard names,
      RunWatchdog watchdog,
      IdleSignal idle) {
    this.exporter = requireNonNull(exporter, "exporter must not be null");
    this.calls = new ExporterCalls(exporter);
    this.qualifiedName = exporter.toString();
    this.registry = exporter.registry();
    this.schedule = requireNonNull(schedule, "schedule must not be null");
    this.timer = requireNonNull(timer, "timer must not be null");
    this.names = requireNonNull(names, "names must not be null");
    this.bracket = new RunBracket(requireNonNull(idle, "idle must not be null"));
    this.outcomes = new RunOutcomes(qualifiedName, schedule, timer);
    this.runEnd = new RunEnd(this, calls, names, outcomes);
    this.timeouts = new RunTimeouts(this, timer, requireNonNull(watchdog, "watchdog must not be null"), outcomes, bracket);
  }

  /** The Python framework's qualified name, {@code type.name}, used in logs. */
  public String qualifiedName() {
    return qualifiedName;
  }

  /** The exporter. */
  public BaseExporter<?> exporter() {
    return exporter;
  }

  /** The registry the exporter registers its metrics with; only runs collect it. */
  public CollectorRegistry registry() {
    return registry;
  }

  /** The schedule. */
  public ExporterSchedule schedule() {
    return schedule;
  }

  /** The run period in nanoseconds. */
  public long periodNanos() {
    return schedule.interval().toNanos();
  }

  /** What is known of the runs. */
  public RunStats stats() {
    return outcomes.stats();
  }

  /**
   * Why the last {@code init} was refused: its metric names clash with another exporter type's.
   *
   * @return the message, or {@code null} when there was no clash
   */
  public @Nullable String nameClash() {
    return nameClash;
  }

  /**
   * Whether an {@code init} of this instance ran past its timeout: the instance is never run again,
   * whatever that {@code init} does later, and a reload creates it anew.
   */
  public boolean isInitAbandoned() {
    return initAbandoned;
  }

  /** At the timeout of an {@code init}: refuses every later run. */
  void abandonInit() {
    initAbandoned = true;
    bracket.refuse();
  }

  /** Whether exports go through {@link AsyncExporter#exportMetricsAsync()}. */
  public boolean isAsync() {
    return exporter instanceof AsyncExporter;
  }

  /**
   * Whether the last run held its thread for as long as the pool lets a running thread hold its
   * task, so that a quick run slowed down by a collection or a busy processor does not count; false
   * before the first run. The next run of such an instance gets a thread of its own at once.
   */
  boolean lastRunHeldItsThread() {
    return outcomes.stats().lastDurationNanos() >= ElasticPool.RUNNING_NANOS;
  }

  /** Whether {@code init} has succeeded; read inside the run bracket only. */
  boolean isInitialized() {
    return initialized;
  }

  /**
   * What {@code /metrics} serves of this instance now: the snapshot of its last successful run,
   * kept after failed runs under {@link FailurePolicy#KEEP}. Never anything before the first
   * success, when the metrics hold no measured value yet.
   *
   * @return the snapshot, or {@code null} when nothing is served
   */
  public @Nullable MetricsSnapshot served() {
    return outcomes.served();
  }

  /** Whether {@link #served()} has a snapshot. */
  public boolean isServable() {
    return outcomes.served() != null;
  }

  /**
   * The number of series that the last collection of its registry found, served or not (it may
   * have been refused for exceeding the limit).
   *
   * @return the count, 0 before any collection
   */
  public int lastSeries() {
    return outcomes.lastSeries();
  }

  /**
   * Starts a run bracket.
   *
   * @return {@code false} when a run is still going or the instance is closed
   */
  public boolean tryAcquire() {
    return bracket.tryAcquire();
  }

  /** Whether a run is going. */
  public boolean isBusy() {
    return bracket.isBusy();
  }

  /** Whether a run is going past its timeout: it was interrupted and has not returned yet. */
  public boolean isStuck() {
    return bracket.isStuck();
  }

  void release() {
    bracket.release();
  }

  /**
   * Counts {@code count} due runs that did not start.
   *
   * @param count how many were skipped
   */
  public void recordSkipped(long count) {
    outcomes.stats().recordSkipped(count);
    LOG.debug(
        "Skipped {} run(s) of exporter '{}': the previous run is still going", count, qualifiedName);
  }

  /**
   * One whole run on the calling thread (a worker), waiting for an asynchronous export, under the
   * timeout, ending with the snapshot; ends the bracket. Never throws but a fatal JVM error.
   *
   * @param pool told when this run's thread is abandoned and when it returns
   */
  void runBlocking(ThreadAbandonment pool) {
    Run run = new Run(timer.nanoTime());
    run.enter(pool);
    TaskTimer.Cancellable watch = watch(run);
    try {
      if (!ensureInitialized(run)) {
        return;
      }
      if (exporter instanceof AsyncExporter<?>) {
        CompletionStage<Void> stage = calls.startAsync();
        run.stage(stage);
        ExporterCalls.await(stage);
      } else {
        calls.exportMetrics();
      }
      runEnd.complete(run);
    } catch (Throwable failure) {
      outcomes.finished(run, Result.FAILURE, failure, null);
      ExporterCalls.rethrowIfFatal(failure);
    } finally {
      watch.cancel();
      leave(run);
      release();
    }
  }

  /**
   * Initializes if needed on the calling thread (a worker), under the timeout, inside the run
   * bracket: as the host's start does for every instance, and as the first part of an
   * asynchronous run. Ends the bracket when it fails; the caller ends it after a success.
   *
   * @param pool told when this run's thread is abandoned and when it returns
   * @return {@code true} when the exporter is ready to export
   */
  boolean initialize(ThreadAbandonment pool) {
    if (initialized) {
      return true;
    }
    Run run = new Run(timer.nanoTime());
    run.enter(pool);
    TaskTimer.Cancellable watch = watch(run);
    boolean ready = false;
    try {
      ready = ensureInitialized(run);
      return ready;
    } finally {
      watch.cancel();
      leave(run);
      if (!ready) {
        release();
      }
    }
  }

  /**
   * Starts an asynchronous export on the calling thread (the invoker), under the timeout that
   * covers the call, its stage and the collection; when the stage completes, collects the
   * snapshot on an invoker thread too and ends the bracket. A call or a collection that blocks
   * lends its invoker thread out, so that the other exporters' calls go on; the exporter must be
   * initialized.
   *
   * @param invokers told when an invoker thread is lent out or abandoned, and when it is back
   * @param collectOn the invoker threads, which collect the snapshot
   */
  void runAsync(ThreadAbandonment invokers, Executor collectOn) {
    Run run = new Run(timer.nanoTime());
    run.enter(invokers);
    TaskTimer.Cancellable watch = watch(run);
    // A call that blocks lends its invoker thread out, so that the other exporters' calls go on.
    TaskTimer.Cancellable lend = timeouts.lendIfBlocking(run, invokers);
    CompletionStage<Void> stage;
    try {
      stage = calls.startAsync();
    } catch (Throwable failure) {
      lend.cancel();
      outcomes.finished(run, Result.FAILURE, failure, null);
      watch.cancel();
      leave(run);
      release();
      ExporterCalls.rethrowIfFatal(failure);
      return;
    }
    lend.cancel();
    run.stage(stage);
    leave(run); // the invoker is free again; the stage carries the run from here
    if (run.timedOut()) {
      // The call itself outlived the timeout: the stage it finally returned is not waited for.
      stage.toCompletableFuture().cancel(true);
    }
    stage.whenComplete(
        (ignored, failure) -> {
          if (failure != null || run.outcomeClaimed()) {
            try {
              if (failure != null) {
                outcomes.finished(run, Result.FAILURE, ExporterCalls.unwrap(failure), null);
              }
            } finally {
              watch.cancel();
              release();
            }
            return;
          }
          try {
            collectOn.execute(() -> collectAsync(run, watch, invokers));
          } catch (RejectedExecutionException shutDown) {
            watch.cancel();
            release();
          }
        });
  }

  private void collectAsync(Run run, TaskTimer.Cancellable watch, ThreadAbandonment invokers) {
    run.enter(invokers);
    TaskTimer.Cancellable lend = timeouts.lendIfBlocking(run, invokers);
    try {
      if (!run.outcomeClaimed()) {
        runEnd.complete(run);
      }
    } catch (Throwable failure) {
      outcomes.finished(run, Result.FAILURE, failure, null);
      ExporterCalls.rethrowIfFatal(failure);
    } finally {
      lend.cancel();
      watch.cancel();
      leave(run);
      release();
    }
  }

  /** Ends a bracket whose run could not be started (the pool was shut down). */
  void abandon() {
    release();
  }

  /**
   * Calls {@link BaseExporter#close()} once on the calling thread; the caller has refused runs,
   * waited for the last one to end, and bounds this call in time.
   *
   * @return {@code true} when close succeeded or was already done
   */
  public boolean close() {
    bracket.refuse();
    if (!closed.compareAndSet(false, true)) {
      return true;
    }
    names.release(this);
    try {
      calls.close();
      return true;
    } catch (Throwable failure) {
      LOG.error("Exporter '{}' failed to close: {}", qualifiedName, SecretMasking.masked(failure).toString());
      ExporterCalls.rethrowIfFatal(failure);
      return false;
    }
  }

  /**
   * Refuses further runs: from now on {@link #tryAcquire()} fails, so that once the current run
   * (if any) has ended, nothing calls into the exporter but {@link #close()}.
   */
  public void refuseRuns() {
    bracket.refuse();
  }

  private TaskTimer.Cancellable watch(Run run) {
    return timeouts.watch(run);
  }

  private void leave(Run run) {
    timeouts.leave(run);
  }

  private boolean ensureInitialized(Run run) {
    if (initialized) {
      return true;
    }
    run.initializing(true);
    try {
      try {
        calls.init();
      } finally {
        run.initializing(false);
      }
      if (initAbandoned) {
        // Returned after its timeout: what it set up is dropped and nothing runs it again.
        registry.clear();
        LOG.warn(
            "Exporter '{}' init() returned after its timeout; it is not run until a reload or a"
                + " restart creates it anew",
            qualifiedName);
        return false;
      }
      Optional<String> clash = runEnd.claimNames(calls.collect());
      if (clash.isPresent()) {
        nameClash = clash.get();
        registry.clear();
        outcomes.finished(run, Result.FAILURE, new RunOutcomes.InitFailure(new IllegalStateException(clash.get())), null);
        return false;
      }
      nameClash = null;
      initialized = true;
      LOG.debug("Initialized exporter '{}'", qualifiedName);
      return true;
    } catch (Throwable cause) {
      // What a failed init registered is dropped so that the next attempt can register again.
      registry.clear();
      // After a timeout, the outcome is the timeout's: finished() records nothing more.
      outcomes.finished(run, Result.FAILURE, new RunOutcomes.InitFailure(cause), null);
      ExporterCalls.rethrowIfFatal(cause);
      return false;
    }
  }

  @Override
  public String toString() {
    return qualifiedName;
  }


}
