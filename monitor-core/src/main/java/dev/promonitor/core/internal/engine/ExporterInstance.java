package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.FatalErrors;
import dev.promonitor.core.internal.SecretMasking;
import dev.promonitor.core.internal.engine.RunStats.Result;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running exporter: the user's object, its registry, its schedule, and what the engine knows of
 * its runs.
 *
 * <p>A run is bracketed by {@link #tryAcquire()} and the release that ends it, so that runs of one
 * instance never overlap; every call into the exporter happens inside that bracket, which also
 * gives the happens-before order that {@link BaseExporter} promises. A run still going at its
 * timeout is interrupted (an asynchronous one cancelled) and counted as a timeout at once; a
 * blocking run that ignores the interrupt keeps its bracket, so that the instance's next runs are
 * skipped until it returns, and its thread is reported as abandoned so that the pool can replace
 * it.
 */
public final class ExporterInstance {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");
  private static final Method INIT = initMethod();

  /** How long an interrupted run gets to end before its thread counts as abandoned. */
  static final long ABANDON_GRACE_NANOS = 1_000_000_000L;

  private final BaseExporter<?> exporter;
  private final String qualifiedName;
  private final CollectorRegistry registry;
  private final ExporterSchedule schedule;
  private final TaskTimer timer;
  private final MetricNameGuard names;
  private final RunWatchdog watchdog;
  private final Object idleMonitor;
  private final RunStats stats = new RunStats();
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean refusingRuns;
  private final Object logLock = new Object();

  // Guarded by the run bracket (busy): only the thread running this instance touches it.
  private boolean initialized;
  private volatile boolean servable;
  private volatile boolean everSucceeded;
  private @Nullable String lastFailureSignature;
  private volatile @Nullable String nameClash;
  private volatile boolean stuck;

  /**
   * Wraps an exporter that the framework created.
   *
   * @param exporter the exporter
   * @param schedule its interval, timeout and failure policy
   * @param timer the clock that measures runs and fires timeouts
   * @param names where the instance claims its metric names after {@code init}
   * @param watchdog enforces the timeout of each run
   * @param idleMonitor notified whenever a run ends, for shutdown
   */
  public ExporterInstance(
      BaseExporter<?> exporter,
      ExporterSchedule schedule,
      TaskTimer timer,
      MetricNameGuard names,
      RunWatchdog watchdog,
      Object idleMonitor) {
    this.exporter = requireNonNull(exporter, "exporter must not be null");
    this.qualifiedName = exporter.toString();
    this.registry = exporter.registry();
    this.schedule = requireNonNull(schedule, "schedule must not be null");
    this.timer = requireNonNull(timer, "timer must not be null");
    this.names = requireNonNull(names, "names must not be null");
    this.watchdog = requireNonNull(watchdog, "watchdog must not be null");
    this.idleMonitor = requireNonNull(idleMonitor, "idleMonitor must not be null");
  }

  /** The Python framework's qualified name, {@code type.name}, used in logs. */
  public String qualifiedName() {
    return qualifiedName;
  }

  /** The exporter. */
  public BaseExporter<?> exporter() {
    return exporter;
  }

  /** The registry the exporter registers its metrics with. */
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
    return stats;
  }

  /**
   * Why the last {@code init} was refused: its metric names clash with another exporter type's.
   *
   * @return the message, or {@code null} when there was no clash
   */
  public @Nullable String nameClash() {
    return nameClash;
  }

  /** Whether exports go through {@link AsyncExporter#exportMetricsAsync()}. */
  public boolean isAsync() {
    return exporter instanceof AsyncExporter;
  }

  /** Whether {@code init} has succeeded; read inside the run bracket only. */
  boolean isInitialized() {
    return initialized;
  }

  /**
   * Whether {@code /metrics} serves this instance's series now: after a successful run, and after
   * a failed one too under {@link FailurePolicy#KEEP}. Never before the first success, when the
   * metrics hold no measured value yet.
   */
  public boolean isServable() {
    return servable;
  }

  /**
   * Starts a run bracket.
   *
   * @return {@code false} when a run is still going or the instance is closed
   */
  public boolean tryAcquire() {
    if (refusingRuns || !busy.compareAndSet(false, true)) {
      return false;
    }
    if (refusingRuns) {
      // Refused between the check and the acquisition: whoever refused may already be closing.
      release();
      return false;
    }
    return true;
  }

  /** Whether a run is going. */
  public boolean isBusy() {
    return busy.get();
  }

  /** Whether a run is going past its timeout: it was interrupted and has not returned yet. */
  public boolean isStuck() {
    return busy.get() && stuck;
  }

  void release() {
    stuck = false;
    busy.set(false);
    synchronized (idleMonitor) {
      idleMonitor.notifyAll();
    }
  }

  /**
   * Counts {@code count} due runs that did not start.
   *
   * @param count how many were skipped
   */
  public void recordSkipped(long count) {
    stats.recordSkipped(count);
    LOG.debug(
        "Skipped {} run(s) of exporter '{}': the previous run is still going", count, qualifiedName);
  }

  /**
   * One whole run on the calling thread, waiting for an asynchronous export, under the timeout;
   * ends the bracket.
   *
   * @param abandonment told when this run's thread is abandoned and when it returns
   */
  void runBlocking(ThreadAbandonment abandonment) {
    long start = timer.nanoTime();
    Run run = new Run(Thread.currentThread(), start);
    TaskTimer.Cancellable watch =
        watchdog.watch(schedule.timeout().toNanos(), () -> timedOut(run, abandonment));
    try {
      if (!ensureInitialized(run)) {
        return;
      }
      withContextClassLoader(
          () -> {
            if (exporter instanceof AsyncExporter<?> async) {
              CompletionStage<Void> stage = startAsync(async);
              run.stage = stage;
              awaitStage(stage);
            } else {
              exporter.exportMetrics();
            }
            return null;
          });
      finished(run, Result.SUCCESS, null);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError failure) {
      finished(run, Result.FAILURE, failure);
    } catch (Error fatal) {
      finished(run, Result.FAILURE, fatal);
      throw fatal;
    } finally {
      watch.cancel();
      if (run.end()) {
        abandonment.returned(this, run.thread);
      }
      release();
    }
  }

  /**
   * Initializes if needed on the calling thread (a worker), under the timeout, inside the run
   * bracket: as the host's start does for every instance, and as the first part of an
   * asynchronous run. Ends the bracket when it fails; the caller ends it after a success.
   *
   * @param abandonment told when this run's thread is abandoned and when it returns
   * @return {@code true} when the exporter is ready to export
   */
  boolean initialize(ThreadAbandonment abandonment) {
    if (initialized) {
      return true;
    }
    Run run = new Run(Thread.currentThread(), timer.nanoTime());
    TaskTimer.Cancellable watch =
        watchdog.watch(schedule.timeout().toNanos(), () -> timedOut(run, abandonment));
    boolean ready = false;
    try {
      ready = ensureInitialized(run);
      return ready;
    } finally {
      watch.cancel();
      if (run.end()) {
        abandonment.returned(this, run.thread);
      }
      if (!ready) {
        release();
      }
    }
  }

  /**
   * Starts an asynchronous export on the calling thread and ends the bracket when its stage
   * completes, or when the stage is cancelled at the timeout. The exporter must be initialized.
   */
  void runAsync() {
    long start = timer.nanoTime();
    Run run = new Run(Thread.currentThread(), start);
    CompletionStage<Void> stage;
    try {
      stage = withContextClassLoader(() -> startAsync((AsyncExporter<?>) exporter));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError failure) {
      finished(run, Result.FAILURE, failure);
      run.end();
      release();
      return;
    } catch (Error fatal) {
      finished(run, Result.FAILURE, fatal);
      run.end();
      release();
      throw fatal;
    }
    run.stage = stage;
    run.end(); // the invoker thread is free again; the stage carries the run from here
    TaskTimer.Cancellable watch =
        watchdog.watch(schedule.timeout().toNanos(), () -> timedOut(run, ThreadAbandonment.NONE));
    stage.whenComplete(
        (ignored, failure) -> {
          watch.cancel();
          try {
            if (failure == null) {
              finished(run, Result.SUCCESS, null);
            } else {
              finished(run, Result.FAILURE, unwrap(failure));
            }
          } finally {
            release();
          }
        });
  }

  /** Ends a bracket whose run could not be started (the pool was shut down). */
  void abandon() {
    release();
  }

  /**
   * Calls {@link BaseExporter#close()} once; the caller has refused runs and waited for the last
   * one to end.
   *
   * @return {@code true} when close succeeded or was already done
   */
  public boolean close() {
    refusingRuns = true;
    if (!closed.compareAndSet(false, true)) {
      return true;
    }
    names.release(this);
    try {
      withContextClassLoader(
          () -> {
            exporter.close();
            return null;
          });
      return true;
    } catch (Exception | LinkageError failure) {
      LOG.error("Exporter '{}' failed to close", qualifiedName, failure);
      return false;
    }
  }

  /**
   * Refuses further runs: from now on {@link #tryAcquire()} fails, so that once the current run
   * (if any) has ended, nothing calls into the exporter but {@link #close()}.
   */
  public void refuseRuns() {
    refusingRuns = true;
  }

  /** At the timeout: count it, interrupt or cancel the run, and abandon a thread that stays. */
  private void timedOut(Run run, ThreadAbandonment abandonment) {
    if (!run.timeOut()) {
      return;
    }
    stuck = true;
    record(run, Result.TIMEOUT, null);
    timer.schedule(
        () -> {
          if (run.abandonIfGoing()) {
            LOG.warn(
                "Exporter '{}' ignored the interrupt at its {} timeout: its thread '{}' is"
                    + " abandoned and replaced until the run returns",
                qualifiedName,
                Durations.seconds(schedule.timeout()),
                run.thread.getName());
            abandonment.abandoned(this, run.thread);
          }
        },
        Math.min(ABANDON_GRACE_NANOS, schedule.timeout().toNanos()));
  }

  private boolean ensureInitialized(Run run) {
    if (initialized) {
      return true;
    }
    try {
      withContextClassLoader(
          () -> {
            INIT.invoke(exporter);
            return null;
          });
      Optional<String> clash = names.claim(this);
      if (clash.isPresent()) {
        nameClash = clash.get();
        registry.clear();
        finished(run, Result.FAILURE, new InitFailure(new IllegalStateException(clash.get())));
        return false;
      }
      nameClash = null;
      initialized = true;
      LOG.debug("Initialized exporter '{}'", qualifiedName);
      return true;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Error error && !isExporterError(error)) {
        throw error;
      }
      // What a failed init registered is dropped so that the next attempt can register again.
      registry.clear();
      finished(run, Result.FAILURE, new InitFailure(cause));
      return false;
    } catch (Exception e) {
      throw new IllegalStateException("cannot call init() of " + qualifiedName, e);
    }
  }

  /** Records a run's outcome once: the first of its end and its timeout wins. */
  private void finished(Run run, Result result, @Nullable Throwable failure) {
    if (run.claimOutcome()) {
      record(run, result, failure);
    }
  }

  private void record(Run run, Result result, @Nullable Throwable failure) {
    // Out of memory in a run is the JVM's failure, not the exporter's: the process is unhealthy.
    FatalErrors.report(failure);
    long duration = timer.nanoTime() - run.startNanos;
    String error =
        switch (result) {
          case SUCCESS -> null;
          case TIMEOUT -> "timed out after " + Durations.seconds(schedule.timeout());
          case FAILURE -> describe(requireNonNull(failure));
        };
    int streakBefore = stats.snapshot().consecutiveFailures();
    stats.record(result, duration, timer.currentTimeMillis(), error);
    switch (result) {
      case SUCCESS -> {
        everSucceeded = true;
        servable = true;
        synchronized (logLock) {
          lastFailureSignature = null;
        }
        if (streakBefore > 0) {
          LOG.info("Exporter '{}' recovered after {} failed run(s)", qualifiedName, streakBefore);
        }
      }
      case TIMEOUT -> {
        servable = everSucceeded && schedule.onFailure() == FailurePolicy.KEEP;
        if (run.stage != null) {
          run.stage.toCompletableFuture().cancel(true);
        }
        logFailure("timed out after " + Durations.seconds(schedule.timeout()), null);
      }
      case FAILURE -> {
        servable = everSucceeded && schedule.onFailure() == FailurePolicy.KEEP;
        Throwable cause = requireNonNull(failure);
        if (cause instanceof InitFailure init) {
          logFailure("failed to initialize; retrying at its next run", init.getCause());
        } else {
          logFailure("raised an error", cause);
        }
      }
    }
  }

  private static String describe(Throwable failure) {
    Throwable shown = failure instanceof InitFailure ? failure.getCause() : failure;
    String prefix = failure instanceof InitFailure ? "init failed: " : "";
    return SecretMasking.mask(prefix + shown);
  }

  /**
   * Logs the first failure of a streak with its stack trace, and repeats of the same failure in
   * one line, so that a broken exporter does not flood the log.
   */
  private void logFailure(String what, @Nullable Throwable failure) {
    int streak = stats.snapshot().consecutiveFailures();
    String signature = failure == null ? what : failure.getClass().getName() + ": " + failure.getMessage();
    synchronized (logLock) {
      boolean repeat = streak > 1 && Objects.equals(signature, lastFailureSignature);
      lastFailureSignature = signature;
      // Exception messages often carry URLs with passwords or tokens: the log gets masked copies.
      Throwable shown = failure == null ? null : SecretMasking.masked(failure);
      if (!repeat && shown != null) {
        LOG.error("Exporter '{}' {}: {}", qualifiedName, what, shown.toString(), shown);
      } else if (!repeat) {
        LOG.error("Exporter '{}' {}", qualifiedName, what);
      } else {
        LOG.warn(
            "Exporter '{}' {} again ({} consecutive failures){}",
            qualifiedName,
            what,
            streak,
            shown == null ? "" : ": " + shown);
      }
    }
  }

  private static CompletionStage<Void> startAsync(AsyncExporter<?> async) {
    CompletionStage<Void> stage = async.exportMetricsAsync();
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("exportMetricsAsync() returned null"));
    }
    return stage;
  }

  private static void awaitStage(CompletionStage<Void> stage) throws Exception {
    try {
      stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Errors that an exporter's own code raises, as opposed to the JVM failing. */
  private static boolean isExporterError(Error error) {
    return error instanceof LinkageError
        || error instanceof AssertionError
        || error instanceof StackOverflowError;
  }

  private <T> T withContextClassLoader(ThrowingSupplier<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(exporter.getClass().getClassLoader());
    try {
      return call.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static Method initMethod() {
    try {
      Method init = BaseExporter.class.getDeclaredMethod("init");
      init.setAccessible(true);
      return init;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public String toString() {
    return qualifiedName;
  }

  /** Marks an init failure, so that it is logged and described as such. */
  private static final class InitFailure extends Exception {
    private static final long serialVersionUID = 1L;

    InitFailure(Throwable cause) {
      super(cause);
    }
  }

  /**
   * One run: its thread, and the race between its end and its timeout. The interrupt happens
   * under this object's lock while the run is going, and the run clears its thread's interrupt
   * flag under the same lock when it ends, so that no interrupt leaks into the thread's next task.
   */
  private static final class Run {
    private final Thread thread;
    private final long startNanos;
    private volatile @Nullable CompletionStage<Void> stage;
    private boolean ended;
    private boolean interrupted;
    private boolean abandoned;
    private boolean outcomeClaimed;

    Run(Thread thread, long startNanos) {
      this.thread = thread;
      this.startNanos = startNanos;
    }

    synchronized boolean claimOutcome() {
      if (outcomeClaimed) {
        return false;
      }
      outcomeClaimed = true;
      return true;
    }

    /**
     * Claims the outcome for a timeout and interrupts the run's thread if it still runs there.
     *
     * @return {@code false} when the run has already ended
     */
    synchronized boolean timeOut() {
      if (outcomeClaimed) {
        return false;
      }
      outcomeClaimed = true;
      if (!ended) {
        interrupted = true;
        thread.interrupt();
      }
      return true;
    }

    synchronized boolean abandonIfGoing() {
      if (ended) {
        return false;
      }
      abandoned = true;
      return true;
    }

    /**
     * Ends the run on its own thread.
     *
     * @return whether its thread had been abandoned
     */
    synchronized boolean end() {
      ended = true;
      if (interrupted) {
        Thread.interrupted();
      }
      return abandoned;
    }
  }
}
