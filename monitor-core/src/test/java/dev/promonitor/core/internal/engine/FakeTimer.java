package dev.promonitor.core.internal.engine;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A timer whose time moves only when a test says so; due tasks run on the test's thread, in due
 * order.
 */
final class FakeTimer implements TaskTimer {

  private record Entry(long dueNanos, long sequence, Runnable task, boolean[] cancelled) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (left, right) ->
              left.dueNanos != right.dueNanos
                  ? Long.compare(left.dueNanos, right.dueNanos)
                  : Long.compare(left.sequence, right.sequence));
  private long now = 1_000_000_000L;
  private long sequence;
  private boolean shutdown;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = {false};
    if (!shutdown) {
      queue.add(new Entry(now + Math.max(0, delayNanos), sequence++, task, cancelled));
    }
    return () -> {
      synchronized (this) {
        cancelled[0] = true;
      }
    };
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    queue.clear();
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves time forward by {@code duration}, running each task at its due time. */
  void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          now = target;
          return;
        }
        queue.poll();
        now = Math.max(now, next.dueNanos);
        if (next.cancelled[0]) {
          continue;
        }
      }
      next.task.run();
    }
  }

  /** Moves time forward without running anything, as a stalled timer thread would. */
  synchronized void stall(Duration duration) {
    now += duration.toNanos();
  }

  /** The number of tasks waiting. */
  synchronized int pending() {
    return (int) queue.stream().filter(entry -> !entry.cancelled[0]).count();
  }
}
