package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.ExecutionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
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
 *   <li>{@code async}: asynchronous exporters are started, and their snapshots collected, on an
 *       invoker thread, and hold no thread while their stage is pending; blocking exporters and
 *       the {@code init} of every exporter run on a pool of {@code threads} workers. A call of
 *       {@code exportMetricsAsync()} or a collection that blocks lends its invoker out, and
 *       another invoker thread takes the other calls until it returns.
 * </ul>
 *
 * <p>Threads are created on demand, up to the pool's size, and end after being idle for a while.
 * The runs that one wake-up of the scheduler finds due go to the pool together: those of instances
 * whose last run was quick wake one thread, and another starts only when a queued run has
 * waited a few milliseconds while no worker makes progress (see {@link ElasticPool}); those of
 * instances whose last run held its thread for 20 ms or longer get a thread each at once. A
 * starting host {@link #prestart}s threads for its first runs, of which nothing is known yet.
 *
 * <p>A worker stuck in a run that ignores its timeout's interrupt is abandoned: the pool grows by
 * one thread until that run returns, so that the other exporters keep their cadence, in the sync
 * mode too. At most one thread per instance can be abandoned (an instance's next run waits for
 * the stuck one), so abandoned threads are bounded by the number of instances; their count is
 * logged and exported as {@code monitor_abandoned_threads}.
 *
 * <p>The queues are bounded by the number of instances, since an instance is queued at most once
 * (its run bracket is held from dispatch to completion).
 */
public final class RunDispatcher implements ThreadAbandonment {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  private final ExecutionMode mode;
  private final ElasticPool workers;
  private final @Nullable ElasticPool invokers;
  private final ThreadAbandonment invokerLending;
  private final AtomicInteger abandonedThreads = new AtomicInteger();

  private RunDispatcher(ExecutionMode mode, ElasticPool workers, @Nullable ElasticPool invokers) {
    this.mode = mode;
    this.workers = workers;
    this.invokers = invokers;
    this.invokerLending =
        invokers == null
            ? ThreadAbandonment.NONE
            : new ThreadAbandonment() {
              @Override
              public void abandoned(ExporterInstance instance, Thread thread) {
                invokers.lend();
              }

              @Override
              public void returned(ExporterInstance instance, Thread thread) {
                invokers.giveBack();
              }
            };
  }

  /**
   * Prepares the threads of a mode; none is started before it has work.
   *
   * @param mode the execution mode
   * @param threads the worker pool size for {@code async} and {@code multithreaded}
   * @param timer the host's timer, which measures how long runs wait and checks whether the pools
   *     should grow
   * @return the dispatcher
   */
  public static RunDispatcher create(ExecutionMode mode, int threads, TaskTimer timer) {
    requireNonNull(mode, "mode must not be null");
    requireNonNull(timer, "timer must not be null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads: Expecting value > 0. Found: " + threads);
    }
    return switch (mode) {
      case SYNC -> new RunDispatcher(mode, new ElasticPool("promonitor-sync", 1, timer), null);
      case MULTITHREADED ->
          new RunDispatcher(mode, new ElasticPool("promonitor-worker", threads, timer), null);
      case ASYNC ->
          new RunDispatcher(
              mode,
              new ElasticPool("promonitor-worker", threads, timer),
              new ElasticPool("promonitor-async", 1, timer));
    };
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
   * Sets the worker pool's size, for a reload that changes the number of exporters; the sync mode
   * keeps its one worker.
   *
   * @param threads 1 or more
   */
  public void resize(int threads) {
    if (mode != ExecutionMode.SYNC) {
      workers.resize(threads);
    }
  }

  /** The worker threads alive now, idle ones included. */
  int workerThreads() {
    return workers.threads();
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
        workers.execute(() -> instance.runBlocking(this), heldItsThread(instance));
      }
    } catch (RejectedExecutionException shutDown) {
      instance.abandon();
    }
  }

  /**
   * Starts the runs of instances whose run brackets the caller holds, as {@link #dispatch} does
   * for each, handing them to the threads together: the scheduler's runs of one wake-up.
   *
   * @param due the instances, acquired
   */
  public void dispatchAll(List<ExporterInstance> due) {
    if (due.size() == 1) {
      dispatch(due.get(0));
      return;
    }
    List<ExporterInstance> onWorkers = new ArrayList<>(due.size());
    List<ExporterInstance> onInvoker = new ArrayList<>();
    for (ExporterInstance instance : due) {
      if (mode == ExecutionMode.ASYNC && instance.isAsync() && instance.isInitialized()) {
        onInvoker.add(instance);
      } else {
        onWorkers.add(instance);
      }
    }
    if (!onInvoker.isEmpty()) {
      // An invoker only starts asynchronous exports: its tasks take microseconds.
      ElasticPool invoker = requireNonNull(invokers);
      submit(invoker, onInvoker, instance -> false,
          instance -> () -> instance.runAsync(invokerLending, invoker::execute));
    }
    submit(workers, onWorkers, this::heldItsThread,
        instance -> instance.isAsync() && mode == ExecutionMode.ASYNC
            ? () -> initializeThenRunAsync(instance)
            : () -> instance.runBlocking(this));
  }

  /** Whether a run should get a thread at once; not in the sync mode, which keeps config order. */
  private boolean heldItsThread(ExporterInstance instance) {
    return mode != ExecutionMode.SYNC && instance.lastRunHeldItsThread();
  }

  private static void submit(
      ElasticPool pool,
      List<ExporterInstance> instances,
      Predicate<ExporterInstance> onOwnThread,
      Function<ExporterInstance, Runnable> run) {
    if (instances.isEmpty()) {
      return;
    }
    List<Runnable> quick = new ArrayList<>(instances.size());
    List<Runnable> blocking = new ArrayList<>();
    for (ExporterInstance instance : instances) {
      (onOwnThread.test(instance) ? blocking : quick).add(run.apply(instance));
    }
    try {
      pool.executeAll(quick, blocking);
    } catch (RejectedExecutionException shutDown) {
      instances.forEach(ExporterInstance::abandon);
    }
  }

  /**
   * Starts worker threads ahead of the first runs of instances that are starting, one for each
   * that runs on the workers, up to the pool's size, before their {@code init}s: nothing is known
   * yet of whether their runs block, and should they, the pool hands them to these threads once
   * they have waited its delay, instead of starting a hundred threads then, one at a time as the
   * JVM does. Threads that no run needs end after the pool's keep-alive, having touched little
   * memory.
   *
   * @param starting the instances whose first runs are coming
   */
  public void prestart(List<ExporterInstance> starting) {
    int onWorkers = 0;
    for (ExporterInstance instance : starting) {
      if (!(mode == ExecutionMode.ASYNC && instance.isAsync())) {
        onWorkers++;
      }
    }
    workers.prestart(onWorkers);
  }

  /**
   * Initializes an instance whose run bracket the caller holds, on a worker, under its timeout;
   * ends the bracket.
   *
   * @param instance the instance, acquired
   */
  public void initialize(ExporterInstance instance) {
    initialize(instance, () -> {});
  }

  /**
   * Initializes an instance whose run bracket the caller holds, on a worker, under its timeout;
   * ends the bracket, then calls {@code onEnd} on that worker, whatever the outcome (when the pool
   * is shut down, on the calling thread).
   *
   * @param instance the instance, acquired
   * @param onEnd what to do once the {@code init} has ended
   */
  public void initialize(ExporterInstance instance, Runnable onEnd) {
    try {
      workers.execute(
          () -> {
            try {
              if (instance.initialize(this)) {
                instance.release();
              }
            } finally {
              onEnd.run();
            }
          });
    } catch (RejectedExecutionException shutDown) {
      instance.abandon();
      onEnd.run();
    }
  }

  private void dispatchAsync(ExporterInstance instance) {
    ElasticPool invoker = requireNonNull(invokers);
    if (instance.isInitialized()) {
      invoker.execute(() -> instance.runAsync(invokerLending, invoker::execute));
      return;
    }
    workers.execute(() -> initializeThenRunAsync(instance));
  }

  /** On a worker, since init() may block; the export itself goes back to the invoker. */
  private void initializeThenRunAsync(ExporterInstance instance) {
    if (!instance.initialize(this)) {
      return;
    }
    ElasticPool invoker = requireNonNull(invokers);
    try {
      invoker.execute(() -> instance.runAsync(invokerLending, invoker::execute));
    } catch (RejectedExecutionException shutDown) {
      instance.abandon();
    }
  }

  @Override
  public void abandoned(ExporterInstance instance, Thread thread) {
    int now = abandonedThreads.incrementAndGet();
    workers.lend();
    LOG.warn("{} worker thread(s) abandoned to runs stuck past their timeout", now);
  }

  @Override
  public void returned(ExporterInstance instance, Thread thread) {
    int now = abandonedThreads.decrementAndGet();
    workers.giveBack();
    LOG.info(
        "The stuck run of exporter '{}' returned on thread '{}' ({} abandoned thread(s) left)",
        instance.qualifiedName(),
        thread.getName(),
        now);
  }

  /** Stops taking runs; runs already started go on. */
  public void shutdown() {
    workers.shutdown();
    if (invokers != null) {
      invokers.shutdown();
    }
  }

  /** Interrupts runs still going, after the grace period. */
  public void shutdownNow() {
    workers.shutdownNow();
    if (invokers != null) {
      invokers.shutdownNow();
    }
  }
}
