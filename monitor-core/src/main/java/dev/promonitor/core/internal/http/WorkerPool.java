package dev.promonitor.core.internal.http;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The threads that serve requests, in the order the requests came: started only when a request
 * finds no idle one, each ending after {@code keepAlive} without work. At most {@code active} of
 * them work at once; a request beyond waits for the first to become free, unless threads are held
 * by clients that do not take their responses ({@link #waitingForClient()}): those do not count,
 * so that slow readers never keep a request from a thread, up to {@code max} threads in all.
 *
 * <p>Unlike a {@code ThreadPoolExecutor} with a queue, it never starts a thread while one is
 * idle, so that a scrape every few seconds keeps one thread; and unlike a thread per request, 200
 * requests at once on 2 cores are served a few at a time, first come first served, instead of
 * 200 threads sharing the cores, each answer waiting for all of them.
 */
final class WorkerPool {

  private final int max;
  private final int active;
  private final long keepAliveNanos;
  private final ThreadFactory factory;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final Set<Thread> threads = new HashSet<>();
  private int idle;
  /** Threads waiting for a client to take more of its response. */
  private int held;
  /** Tasks run at once beyond the active ones ({@link #executeAtOnce}), queued or running. */
  private int apart;
  private boolean closed;

  WorkerPool(int max, int active, long keepAlive, TimeUnit unit, ThreadFactory factory) {
    if (max < 1) {
      throw new IllegalArgumentException("max: Expecting value > 0. Found: " + max);
    }
    if (active < 1 || active > max) {
      throw new IllegalArgumentException(
          "active: Expecting value between 1 and " + max + ". Found: " + active);
    }
    this.max = max;
    this.active = active;
    this.keepAliveNanos = unit.toNanos(keepAlive);
    this.factory = factory;
  }

  /**
   * Runs a task on an idle thread, a new one, or the next one that becomes free.
   *
   * @param task what to run; it must not throw
   */
  synchronized void execute(Runnable task) {
    if (closed) {
      throw new IllegalStateException("the worker pool is closed");
    }
    tasks.add(task);
    if (idle >= tasks.size()) {
      notify();
    } else {
      startIfRoom();
    }
  }

  /**
   * Runs a task at once, on an idle thread or a new one, ahead of the queued tasks and beyond the
   * active ones: for the few requests that a small admission of their own lets through (those
   * whose credentials cost a bcrypt check), which must neither hold up the others nor wait
   * behind them.
   *
   * @param task what to run; it must not throw
   */
  synchronized void executeAtOnce(Runnable task) {
    if (closed) {
      throw new IllegalStateException("the worker pool is closed");
    }
    apart++;
    tasks.addFirst(
        () -> {
          try {
            task.run();
          } finally {
            endApart();
          }
        });
    if (idle >= tasks.size()) {
      notify();
    } else if (threads.size() < max) {
      start();
    }
  }

  private synchronized void endApart() {
    apart--;
  }

  /** Tells that the calling worker waits for its client: another may start meanwhile. */
  synchronized void waitingForClient() {
    held++;
    if (tasks.size() > idle) {
      startIfRoom();
    }
  }

  /** Tells that the calling worker no longer waits for its client. */
  synchronized void clientTookMore() {
    held--;
  }

  /**
   * Starts a thread for the queued tasks, which are more than the idle threads (so every thread
   * has work), if fewer than {@code active} of them are not held by their clients.
   */
  private void startIfRoom() {
    if (threads.size() - held - apart < active && threads.size() < max) {
      start();
    }
  }

  private void start() {
    Thread thread = factory.newThread(this::work);
    threads.add(thread);
    thread.start();
  }

  /** The threads alive now, for tests and the benchmark. */
  synchronized int threadCount() {
    return threads.size();
  }

  /** Lets the running tasks end, interrupts the threads and starts no new ones. */
  synchronized void close() {
    closed = true;
    tasks.clear();
    threads.forEach(Thread::interrupt);
    notifyAll();
  }

  private void work() {
    try {
      while (true) {
        Runnable task = next();
        if (task == null) {
          return;
        }
        task.run();
      }
    } catch (Throwable e) {
      // an Error such as OutOfMemoryError ends this thread, not the pool's count of threads
      synchronized (this) {
        threads.remove(Thread.currentThread());
      }
      throw e;
    }
  }

  private synchronized @Nullable Runnable next() {
    long deadline = System.nanoTime() + keepAliveNanos;
    while (tasks.isEmpty() && !closed) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      idle++;
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        // only close() interrupts a waiting worker; the loop checks closed
      } finally {
        idle--;
      }
    }
    Runnable task = closed ? null : tasks.poll();
    if (task == null) {
      threads.remove(Thread.currentThread());
    }
    return task;
  }
}
