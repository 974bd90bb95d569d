package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.ExecutionMode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due exporters the way the execution mode says.
 *
 * <ul>
 *   <li>{@code sync}: one worker thread runs every run, one after another.
 *   <li>{@code multithreaded}: a pool of {@code threads} workers; each run, blocking or
 *       asynchronous, holds a worker until it ends.
 *   <li>{@code async}: asynchronous exporters are started on one invoker thread and hold no thread
 *       while their stage is pending; blocking exporters (and the {@code init} of every exporter)
 *       run on a pool of {@code threads} workers.
 * </ul>
 *
 * <p>A worker stuck in a run that ignores its timeout's interrupt is abandoned: the pool grows by
 * one thread until that run returns, so that the other exporters keep their cadence, in the sync
 * mode too. At most one thread per instance can be abandoned (an instance's next run waits for the
 * stuck one), so abandoned threads are bounded by the number of instances; their count is logged
 * and exported as {@code monitor_abandoned_threads}.
 *
 * <p>The queues are bounded by the number of instances, since an instance is queued at most once
 * (its run bracket is held from dispatch to completion).
 */
public final class RunDispatcher implements ThreadAbandonment {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  private final ExecutionMode mode;
  private final ThreadPoolExecutor workers;
  private final @Nullable ExecutorService asyncInvoker;
  private final AtomicInteger abandonedThreads = new AtomicInteger();

  private RunDispatcher(
      ExecutionMode mode, ThreadPoolExecutor workers, @Nullable ExecutorService asyncInvoker) {
    this.mode = mode;
    this.workers = workers;
    this.asyncInvoker = asyncInvoker;
  }

  /**
   * Creates the threads of a mode.
   *
   * @param mode the execution mode
   * @param threads the worker pool size for {@code async} and {@code multithreaded}
   * @return the dispatcher
   */
  public static RunDispatcher create(ExecutionMode mode, int threads) {
    requireNonNull(mode, "mode must not be null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads: Expecting value > 0. Found: " + threads);
    }
    return switch (mode) {
      case SYNC -> new RunDispatcher(mode, pool("promonitor-sync", 1), null);
      case MULTITHREADED -> new RunDispatcher(mode, pool("promonitor-worker", threads), null);
      case ASYNC ->
          new RunDispatcher(
              mode,
              pool("promonitor-worker", threads),
              Executors.newSingleThreadExecutor(Threads.daemonFactory("promonitor-async", false)));
    };
  }

  private static ThreadPoolExecutor pool(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Threads.daemonFactory(name, true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The execution mode.
   *
   * @return the mode
   */
  public ExecutionMode mode() {
    return mode;
  }

  /**
   * Worker threads given up on, stuck in runs past their timeout.
   *
   * @return the number of abandoned threads now
   */
  public int abandonedThreads() {
    return abandonedThreads.get();
  }

  /**
   * Starts a run of an instance whose run bracket the caller holds; the run ends the bracket.
   *
   * @param instance the instance, acquired
   */
  public void dispatch(ExporterInstance instance) {
    try {
      if (mode == ExecutionMode.ASYNC && instance.isAsync()) {
        dispatchAsync(instance);
      } else {
        workers.execute(() -> instance.runBlocking(this));
      }
    } catch (RejectedExecutionException shutDown) {
      instance.abandon();
    }
  }

  /**
   * Initializes an instance whose run bracket the caller holds, on a worker, under its timeout;
   * ends the bracket.
   *
   * @param instance the instance, acquired
   */
  public void initialize(ExporterInstance instance) {
    try {
      workers.execute(
          () -> {
            if (instance.initialize(this)) {
              instance.release();
            }
          });
    } catch (RejectedExecutionException shutDown) {
      instance.abandon();
    }
  }

  private void dispatchAsync(ExporterInstance instance) {
    ExecutorService invoker = requireNonNull(asyncInvoker);
    if (instance.isInitialized()) {
      invoker.execute(instance::runAsync);
      return;
    }
    // init() may block, so it runs on a worker; the export itself goes back to the invoker.
    workers.execute(
        () -> {
          if (!instance.initialize(this)) {
            return;
          }
          try {
            invoker.execute(instance::runAsync);
          } catch (RejectedExecutionException shutDown) {
            instance.abandon();
          }
        });
  }

  @Override
  public void abandoned(ExporterInstance instance, Thread thread) {
    int now = abandonedThreads.incrementAndGet();
    synchronized (workers) {
      workers.setMaximumPoolSize(workers.getMaximumPoolSize() + 1);
      workers.setCorePoolSize(workers.getCorePoolSize() + 1);
    }
    LOG.warn("{} worker thread(s) abandoned to runs stuck past their timeout", now);
  }

  @Override
  public void returned(ExporterInstance instance, Thread thread) {
    int now = abandonedThreads.decrementAndGet();
    synchronized (workers) {
      workers.setCorePoolSize(workers.getCorePoolSize() - 1);
      workers.setMaximumPoolSize(workers.getMaximumPoolSize() - 1);
    }
    LOG.info(
        "The stuck run of exporter '{}' returned on thread '{}' ({} abandoned thread(s) left)",
        instance.qualifiedName(),
        thread.getName(),
        now);
  }

  /** Stops taking runs; runs already started go on. */
  public void shutdown() {
    workers.shutdown();
    if (asyncInvoker != null) {
      asyncInvoker.shutdown();
    }
  }

  /** Interrupts runs still going, after the grace period. */
  public void shutdownNow() {
    workers.shutdownNow();
    if (asyncInvoker != null) {
      asyncInvoker.shutdownNow();
    }
  }
}
