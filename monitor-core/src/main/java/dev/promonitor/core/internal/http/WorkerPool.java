package dev.promonitor.core.internal.http;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The threads that serve requests: started only when a request finds no idle one, at most
 * {@code max} of them, each ending after {@code keepAlive} without work. Unlike a {@code
 * ThreadPoolExecutor} with a queue, it never starts a thread while one is idle, so that a
 * scrape every few seconds keeps one thread, not {@code max}.
 */
final class WorkerPool {

  private final int max;
  private final long keepAliveNanos;
  private final ThreadFactory factory;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final Set<Thread> threads = new HashSet<>();
  private int idle;
  private boolean closed;

  WorkerPool(int max, long keepAlive, TimeUnit unit, ThreadFactory factory) {
    if (max < 1) {
      throw new IllegalArgumentException("max: Expecting value > 0. Found: " + max);
    }
    this.max = max;
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
    } else if (threads.size() < max) {
      Thread thread = factory.newThread(this::work);
      threads.add(thread);
      thread.start();
    }
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
