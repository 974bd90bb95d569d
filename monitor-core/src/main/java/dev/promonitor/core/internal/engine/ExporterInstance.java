package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running exporter: the user's object, its registry, and what the engine knows of its runs.
 *
 * <p>A run is bracketed by {@link #tryAcquire()} and the release that ends it, so that runs of one
 * instance never overlap; every call into the exporter happens inside that bracket, which also
 * gives the happens-before order that {@link BaseExporter} promises.
 */
public final class ExporterInstance {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");
  private static final Method INIT = initMethod();

  private final BaseExporter<?> exporter;
  private final String qualifiedName;
  private final CollectorRegistry registry;
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Object idleMonitor;

  // Guarded by the run bracket (busy): only the thread running this instance touches these.
  private boolean initialized;
  private int consecutiveFailures;
  private @Nullable String lastFailure;
  private volatile long lastDurationNanos = -1;

  /**
   * Wraps an exporter that the framework created.
   *
   * @param exporter the exporter
   * @param periodNanos how often it runs
   * @param nanoTime the clock that measures run durations
   * @param idleMonitor notified whenever a run ends, for shutdown
   */
  public ExporterInstance(
      BaseExporter<?> exporter, long periodNanos, LongSupplier nanoTime, Object idleMonitor) {
    this.exporter = requireNonNull(exporter, "exporter must not be null");
    this.qualifiedName = exporter.toString();
    this.registry = exporter.registry();
    this.periodNanos = periodNanos;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime must not be null");
    this.idleMonitor = requireNonNull(idleMonitor, "idleMonitor must not be null");
  }

  /** The seed's qualified name, {@code type.name}, used in logs. */
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

  /** The run period in nanoseconds. */
  public long periodNanos() {
    return periodNanos;
  }

  /** Whether exports go through {@link AsyncExporter#exportMetricsAsync()}. */
  public boolean isAsync() {
    return exporter instanceof AsyncExporter;
  }

  /** Whether {@code init} has succeeded; read by the dispatcher inside the run bracket only. */
  boolean isInitialized() {
    return initialized;
  }

  /** Runs that ended well. */
  public long successes() {
    return successes.get();
  }

  /** Runs that failed, init failures included. */
  public long failures() {
    return failures.get();
  }

  /** Scheduled runs that did not start because the previous one was still going. */
  public long skipped() {
    return skipped.get();
  }

  /** The duration of the last finished run in nanoseconds, -1 before the first. */
  public long lastDurationNanos() {
    return lastDurationNanos;
  }

  /**
   * Starts a run bracket.
   *
   * @return {@code false} when a run is still going or the instance is closed
   */
  public boolean tryAcquire() {
    return !closed.get() && busy.compareAndSet(false, true);
  }

  /** Whether a run is going. */
  public boolean isBusy() {
    return busy.get();
  }

  void release() {
    busy.set(false);
    synchronized (idleMonitor) {
      idleMonitor.notifyAll();
    }
  }

  /**
   * Counts {@code count} scheduled runs that did not start.
   *
   * @param count how many were skipped
   */
  public void recordSkipped(long count) {
    long total = skipped.addAndGet(count);
    LOG.debug(
        "Skipped {} run(s) of exporter '{}': the previous run is still going ({} skipped in all)",
        count,
        qualifiedName,
        total);
  }

  /**
   * One whole run on the calling thread, waiting for an asynchronous export; ends the bracket.
   */
  void runBlocking() {
    long start = nanoTime.getAsLong();
    try {
      if (!ensureInitialized(start)) {
        return;
      }
      withContextClassLoader(
          () -> {
            if (exporter instanceof AsyncExporter<?> async) {
              awaitStage(startAsync(async));
            } else {
              exporter.exportMetrics();
            }
            return null;
          });
      succeeded(start);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError failure) {
      failed(start, failure);
    } catch (Error fatal) {
      failed(start, fatal);
      throw fatal;
    } finally {
      release();
    }
  }

  /**
   * Initializes if needed, on the calling thread, outside of a run's accounting for the export.
   *
   * @return {@code true} when the exporter is ready to export
   */
  boolean initializeForAsync() {
    return ensureInitialized(nanoTime.getAsLong());
  }

  /**
   * Starts an asynchronous export on the calling thread and ends the bracket when its stage
   * completes. The exporter must be initialized.
   */
  void runAsync() {
    long start = nanoTime.getAsLong();
    CompletionStage<Void> stage;
    try {
      stage = withContextClassLoader(() -> startAsync((AsyncExporter<?>) exporter));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError failure) {
      failed(start, failure);
      release();
      return;
    } catch (Error fatal) {
      failed(start, fatal);
      release();
      throw fatal;
    }
    stage.whenComplete(
        (ignored, failure) -> {
          try {
            if (failure == null) {
              succeeded(start);
            } else {
              failed(start, unwrap(failure));
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
   * Calls {@link BaseExporter#close()} once; the caller ensures no run is going.
   *
   * @return {@code true} when close succeeded or was already done
   */
  public boolean close() {
    if (!closed.compareAndSet(false, true)) {
      return true;
    }
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

  /** Refuses further runs without closing, when a run is stuck past the grace period. */
  public void refuseRuns() {
    closed.set(true);
  }

  private boolean ensureInitialized(long start) {
    if (initialized) {
      return true;
    }
    try {
      withContextClassLoader(
          () -> {
            INIT.invoke(exporter);
            return null;
          });
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
      failures.incrementAndGet();
      consecutiveFailures++;
      lastDurationNanos = nanoTime.getAsLong() - start;
      logFailure("failed to initialize; retrying at its next run", cause);
      return false;
    } catch (Exception e) {
      throw new IllegalStateException("cannot call init() of " + qualifiedName, e);
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

  private void succeeded(long start) {
    lastDurationNanos = nanoTime.getAsLong() - start;
    successes.incrementAndGet();
    if (consecutiveFailures > 0) {
      LOG.info("Exporter '{}' recovered after {} failed run(s)", qualifiedName, consecutiveFailures);
    }
    consecutiveFailures = 0;
    lastFailure = null;
  }

  private void failed(long start, Throwable failure) {
    lastDurationNanos = nanoTime.getAsLong() - start;
    failures.incrementAndGet();
    consecutiveFailures++;
    logFailure("raised an error", failure);
  }

  /**
   * Logs the first failure of a streak with its stack trace, and repeats of the same failure in
   * one line, so that a broken exporter does not flood the log.
   */
  private void logFailure(String what, Throwable failure) {
    String signature = failure.getClass().getName() + ": " + failure.getMessage();
    if (consecutiveFailures == 1 || !Objects.equals(signature, lastFailure)) {
      LOG.error("Exporter '{}' {}: {}", qualifiedName, what, failure.toString(), failure);
    } else {
      LOG.warn(
          "Exporter '{}' {} again ({} consecutive failures): {}",
          qualifiedName,
          what,
          consecutiveFailures,
          failure.toString());
    }
    lastFailure = signature;
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
}
