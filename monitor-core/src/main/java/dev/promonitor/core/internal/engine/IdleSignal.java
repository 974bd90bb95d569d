package dev.promonitor.core.internal.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Where a stop, a reload, a start waiting for the inits and {@code --once} wait for runs to end:
 * signalled when a run or an init ends and when a run passes its timeout. A signal that nobody
 * waits for costs one volatile read. Entering a monitor at every run's end, as it did before, made
 * the workers queue for it behind each other when 10,000 instances were due together.
 *
 * <p>No signal is lost: a waiter counts itself before it first checks what it waits for, and a
 * signaller changes the state it signals before it reads the count. So either the waiter sees the
 * new state, or the signaller sees the waiter and notifies it under the monitor, which the waiter
 * holds from its check until it waits.
 */
public final class IdleSignal {

  /** How long a wait lasts at most before it checks again: timeouts end runs without a signal. */
  static final long RECHECK_MILLIS = 100;

  private final AtomicInteger waiters = new AtomicInteger();
  private final long recheckMillis;

  /** A signal whose waiters check again every {@value #RECHECK_MILLIS} ms. */
  public IdleSignal() {
    this(RECHECK_MILLIS);
  }

  /** A signal whose waiters check again every {@code recheckMillis}, for tests. */
  IdleSignal(long recheckMillis) {
    this.recheckMillis = recheckMillis;
  }

  /** Wakes those who wait now, if any. */
  public void signal() {
    if (waiters.get() > 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until {@code done} holds: it is checked at once, after each signal and at least every
   * {@value #RECHECK_MILLIS} ms (a run that times out may end without a signal), with this
   * signal's monitor held.
   *
   * @param done what is waited for
   * @param deadlineNanos when to give up, on {@link System#nanoTime()}; {@link Long#MAX_VALUE}
   *     for never
   * @return {@code true} once {@code done} holds; {@code false} when the deadline passed first, or
   *     the thread was interrupted (its interrupt flag is set again)
   */
  public boolean awaitUntil(BooleanSupplier done, long deadlineNanos) {
    waiters.incrementAndGet();
    try {
      synchronized (this) {
        while (!done.getAsBoolean()) {
          long waitMillis = recheckMillis;
          if (deadlineNanos != Long.MAX_VALUE) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
              return false;
            }
            waitMillis = Math.max(1, Math.min(recheckMillis, remaining / 1_000_000));
          }
          wait(waitMillis);
        }
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiters.decrementAndGet();
    }
  }
}
