package dev.promonitor.core.internal.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls into exporter code outside the runs (constructors, {@code close}) under a deadline, on
 * threads of their own: the caller waits at most until the deadline, and a call past it is
 * interrupted and left to its thread. The threads are created when a call needs one and end after
 * a few idle seconds, so that none exists between a start, a reload and a stop.
 */
public final class BoundedCalls {

  private static final ThreadPoolExecutor THREADS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          5,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          Threads.daemonFactory("promonitor-call", true));

  private BoundedCalls() {}

  /** A call that did not return by its deadline; its thread was interrupted and left to it. */
  public static final class DeadlineExceeded extends Exception {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(Duration limit) {
      super("did not return within " + dev.promonitor.core.internal.Durations.seconds(limit));
    }
  }

  /**
   * Calls {@code call} on a thread of its own and waits for it until {@code limit} has passed.
   *
   * @param <T> what the call returns
   * @param limit how long to wait, 0 or more
   * @param call the call
   * @return what it returned
   * @throws DeadlineExceeded when it had not returned in time (it was interrupted)
   * @throws Throwable what the call threw
   */
  public static <T> T call(Duration limit, Callable<T> call) throws Throwable {
    Future<T> future = THREADS.submit(call);
    try {
      return future.get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() != null ? e.getCause() : e;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DeadlineExceeded(limit);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /**
   * Starts a call on a thread of its own; the caller bounds its wait on the future and cancels it
   * (an interrupt) when it gives up.
   *
   * @param <T> what the call returns
   * @param call the call
   * @return the call's future
   */
  static <T> Future<T> start(Callable<T> call) {
    return THREADS.submit(call);
  }
}
