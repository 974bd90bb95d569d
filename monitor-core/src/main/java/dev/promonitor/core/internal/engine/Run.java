package dev.promonitor.core.internal.engine;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One run of an instance, from its start to its outcome: the race between its end and its
 * timeout, and the thread that carries its current part. A run has parts on up to two threads (an
 * asynchronous export is started on the invoker and collected on a worker); between them, no
 * thread carries it.
 *
 * <p>The interrupt at the timeout happens under this object's lock while a part is going, and the
 * part clears its thread's interrupt flag under the same lock when it leaves, so that no interrupt
 * leaks into the thread's next task.
 */
final class Run {

  private final long startNanos;
  private volatile @Nullable CompletionStage<Void> stage;
  private @Nullable Thread thread;
  private ThreadAbandonment abandonment = ThreadAbandonment.NONE;
  private boolean interrupted;
  private boolean abandoned;
  private boolean outcomeClaimed;
  private boolean timedOut;
  private volatile boolean initializing;

  Run(long startNanos) {
    this.startNanos = startNanos;
  }

  long startNanos() {
    return startNanos;
  }

  /** Whether the run is in the exporter's {@code init}. */
  boolean initializing() {
    return initializing;
  }

  void initializing(boolean initializing) {
    this.initializing = initializing;
  }

  @Nullable CompletionStage<Void> stage() {
    return stage;
  }

  void stage(CompletionStage<Void> stage) {
    this.stage = stage;
  }

  /**
   * A part of the run starts on the calling thread.
   *
   * @param pool told if the thread is abandoned at the timeout
   */
  synchronized void enter(ThreadAbandonment pool) {
    thread = Thread.currentThread();
    abandonment = pool;
    interrupted = false;
    abandoned = false;
  }

  /**
   * The current part ends on its thread.
   *
   * @return the pool to tell that the thread returned, when it had been abandoned; else null
   */
  synchronized @Nullable ThreadAbandonment leave() {
    if (interrupted) {
      Thread.interrupted();
    }
    thread = null;
    boolean wasAbandoned = abandoned;
    abandoned = false;
    interrupted = false;
    return wasAbandoned ? abandonment : null;
  }

  synchronized boolean claimOutcome() {
    if (outcomeClaimed) {
      return false;
    }
    outcomeClaimed = true;
    return true;
  }

  synchronized boolean outcomeClaimed() {
    return outcomeClaimed;
  }

  synchronized boolean timedOut() {
    return timedOut;
  }

  /**
   * Claims the outcome for a timeout; the caller records it, then {@link #cancel()}s the run, so
   * that whoever sees the run end also sees the timeout counted.
   *
   * @return {@code false} when the run already has its outcome
   */
  synchronized boolean timeOut() {
    if (outcomeClaimed) {
      return false;
    }
    outcomeClaimed = true;
    timedOut = true;
    return true;
  }

  /** After {@link #timeOut()}: cancels the stage and interrupts the thread of the current part. */
  synchronized void cancel() {
    // Cancelled before the interrupt, so that the stage is over once the interrupted part ends.
    CompletionStage<Void> pending = stage;
    if (pending != null) {
      pending.toCompletableFuture().cancel(true);
    }
    if (thread != null) {
      interrupted = true;
      thread.interrupt();
    }
  }

  /**
   * Gives up on the thread of the current part, when there still is one.
   *
   * @return the thread, or null when no part is going
   */
  synchronized @Nullable Thread abandonIfGoing() {
    if (thread == null || abandoned) {
      return null;
    }
    abandoned = true;
    return thread;
  }

  synchronized ThreadAbandonment abandonment() {
    return abandonment;
  }
}
