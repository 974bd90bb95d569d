package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The calls into one exporter's code, each with the exporter's class loader as the thread's
 * context class loader: {@code init}, the exports, the collection of its registry and
 * {@code close}. Each throws what the exporter threw, unwrapped; the caller bounds it in time.
 */
final class ExporterCalls {

  private static final Method INIT = initMethod();

  private final BaseExporter<?> exporter;
  // Made once: a lambda that captures the exporter is a new object at each call otherwise, and
  // these two are called at every run.
  private final ThrowingSupplier<@Nullable Void> export;
  private final ThrowingSupplier<List<MetricFamilySamples>> collect;

  ExporterCalls(BaseExporter<?> exporter) {
    this.exporter = requireNonNull(exporter, "exporter must not be null");
    this.export =
        () -> {
          exporter.exportMetrics();
          return null;
        };
    CollectorRegistry registry = exporter.registry();
    this.collect =
        registry instanceof InstanceRegistry own
            ? own::collect
            : () -> Collections.list(registry.metricFamilySamples());
  }

  /** Calls the protected {@code init()}. */
  void init() throws Throwable {
    withContextClassLoader(
        () -> {
          try {
            INIT.invoke(exporter);
          } catch (InvocationTargetException e) {
            throw e.getCause() != null ? e.getCause() : e;
          }
          return null;
        });
  }

  void exportMetrics() throws Throwable {
    withContextClassLoader(export);
  }

  /** Starts an asynchronous export; a {@code null} stage is a failure. */
  CompletionStage<Void> startAsync() throws Throwable {
    return withContextClassLoader(
        () -> {
          CompletionStage<Void> stage = ((AsyncExporter<?>) exporter).exportMetricsAsync();
          if (stage == null) {
            return CompletableFuture.failedFuture(
                new IllegalStateException("exportMetricsAsync() returned null"));
          }
          return stage;
        });
  }

  /** Waits for a stage on the calling thread, throwing what it failed with. */
  static void await(CompletionStage<Void> stage) throws Throwable {
    try {
      stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Collects the exporter's registry: runs the {@code collect()} of every collector it registered.
   *
   * @return the families, not yet frozen; not to be changed (it may be a collector's own list)
   */
  List<MetricFamilySamples> collect() throws Throwable {
    return withContextClassLoader(collect);
  }

  void close() throws Throwable {
    withContextClassLoader(
        () -> {
          exporter.close();
          return null;
        });
  }

  /** What a stage failed with, without the wrappers that futures add. */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * Whether a throwable means that the JVM itself is failing (out of memory, an internal error),
   * rather than that the exporter's code failed: those are counted as the run's failure and then
   * thrown on, for the process's policy. A {@link StackOverflowError} is the exporter's own.
   *
   * @param failure what a call threw
   * @return {@code true} for a {@link VirtualMachineError} other than a stack overflow
   */
  static boolean isFatal(Throwable failure) {
    return failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
  }

  /** Throws a fatal error on, after its run has been recorded. */
  static void rethrowIfFatal(Throwable failure) {
    if (isFatal(failure)) {
      throw (VirtualMachineError) failure;
    }
  }

  private <T> T withContextClassLoader(ThrowingSupplier<T> call) throws Throwable {
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
    T get() throws Throwable;
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
}
