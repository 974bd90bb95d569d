package dev.promonitor.core.internal.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bracket around one instance's runs: held from a run's dispatch to its end, so that runs of
 * one instance never overlap and every call into the exporter is ordered after the previous one;
 * closed for good once runs are refused, for a stop or a reload. Whoever waits for runs to end
 * waits on the {@link IdleSignal}, which each release and each timeout signals.
 */
final class RunBracket {

  private final AtomicBoolean busy = new AtomicBoolean();
  private final IdleSignal idle;
  private volatile boolean refusing;
  private volatile boolean stuck;

  RunBracket(IdleSignal idle) {
    this.idle = idle;
  }

  /** Starts a bracket, unless a run is going or runs are refused. */
  boolean tryAcquire() {
    if (refusing || !busy.compareAndSet(false, true)) {
      return false;
    }
    if (refusing) {
      // Refused between the check and the acquisition: whoever refused may already be closing.
      release();
      return false;
    }
    // A timeout that fired as the previous run ended must not mark this one as stuck.
    stuck = false;
    return true;
  }

  boolean isBusy() {
    return busy.get();
  }

  /** Whether the run is going past its timeout: it was interrupted and has not returned yet. */
  boolean isStuck() {
    return busy.get() && stuck;
  }

  /** The run went past its timeout; those who wait are told. */
  void markStuck() {
    stuck = true;
    idle.signal();
  }

  void release() {
    stuck = false;
    busy.set(false);
    idle.signal();
  }

  void refuse() {
    refusing = true;
  }
}
