package dev.promonitor.core.internal.engine;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool of daemon threads created on demand up to a size, which dies down when idle, and which
 * grows by one thread for each thread lent out to a call that does not return, until it does.
 * Its base size can change (a reload that adds exporters).
 *
 * <p>A task goes to an idle thread when there is one, and a new thread starts only when every
 * thread is busy and the size allows it; beyond that, tasks wait in order. (A plain
 * {@link ThreadPoolExecutor} would start a thread per task up to its core size even with idle
 * threads, and none past the core size before its queue is full.) So short tasks, such as most
 * {@code init} calls and snapshot collections, keep the thread count low.
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
    HandOffQueue queue = new HandOffQueue();
    this.threads =
        new ThreadPoolExecutor(
            0,
            size,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            queue,
            Threads.daemonFactory(name, true),
            (task, pool) -> {
              // The pool reached its size between the queue's check and the thread's start.
              if (pool.isShutdown()) {
                throw new RejectedExecutionException("the pool is shut down");
              }
              queue.enqueue(task);
            });
    queue.pool = threads;
  }

  /**
   * Hands a task to an idle thread, or refuses it (so that the pool starts a thread) while the
   * pool is below its size, or keeps it in order.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    private transient volatile ThreadPoolExecutor pool;

    @Override
    public boolean offer(Runnable task) {
      if (tryTransfer(task)) {
        return true;
      }
      ThreadPoolExecutor executor = pool;
      if (executor != null && executor.getPoolSize() < executor.getMaximumPoolSize()) {
        return false;
      }
      return super.offer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
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
    int before = threads.getMaximumPoolSize();
    int size = base + lent;
    threads.setMaximumPoolSize(size);
    for (int room = before; room < size; room++) {
      // A waiting task may use the room now: it goes through execute() again, which starts a
      // thread for it as for a new task, ahead of the others since it was the oldest.
      Runnable waiting = threads.getQueue().poll();
      if (waiting == null) {
        break;
      }
      threads.execute(waiting);
    }
  }

  void shutdown() {
    threads.shutdown();
  }

  void shutdownNow() {
    threads.shutdownNow();
  }
}
