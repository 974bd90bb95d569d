package dev.promonitor.core.internal.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool of daemon threads created on demand up to a size, which dies down when idle, and which
 * grows by one thread for each thread lent out to a call that does not return, until it does.
 * Its base size can change (a reload that adds exporters).
 */
final class ElasticPool {

  /** How long an idle thread waits for work before it ends. */
  static final long KEEP_ALIVE_SECONDS = 30;

  private final ThreadPoolExecutor threads;
  private int base;
  private int lent;

  ElasticPool(String name, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size: Expecting value > 0. Found: " + size);
    }
    this.base = size;
    this.threads =
        new ThreadPoolExecutor(
            size,
            size,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Threads.daemonFactory(name, true));
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs a task on one of the threads, creating one when fewer than the size exist.
   *
   * @param task the task
   * @throws RejectedExecutionException when the pool was shut down
   */
  void execute(Runnable task) {
    threads.execute(task);
  }

  /** One thread is stuck: another one may start meanwhile. */
  synchronized void lend() {
    lent++;
    apply();
  }

  /** A stuck thread is back. */
  synchronized void giveBack() {
    lent = Math.max(0, lent - 1);
    apply();
  }

  /**
   * Sets the size that the pool has with no thread lent out.
   *
   * @param size 1 or more
   */
  synchronized void resize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size: Expecting value > 0. Found: " + size);
    }
    base = size;
    apply();
  }

  synchronized int size() {
    return base + lent;
  }

  private void apply() {
    int size = base + lent;
    // The maximum may never be below the core size, in either direction of the change.
    if (size > threads.getMaximumPoolSize()) {
      threads.setMaximumPoolSize(size);
      threads.setCorePoolSize(size);
    } else {
      threads.setCorePoolSize(size);
      threads.setMaximumPoolSize(size);
    }
  }

  void shutdown() {
    threads.shutdown();
  }

  void shutdownNow() {
    threads.shutdownNow();
  }
}
