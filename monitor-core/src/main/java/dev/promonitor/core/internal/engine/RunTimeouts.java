package dev.promonitor.core.internal.engine;

import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.engine.RunStats.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one instance's runs: the timeout that interrupts a run (or cancels its stage)
 * and counts it, the abandonment of a thread that ignores the interrupt, and the lending of an
 * invoker thread that a call of {@code exportMetricsAsync()} blocks.
 */
final class RunTimeouts {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  /** How long an interrupted run gets to end before its thread counts as abandoned. */
  static final long ABANDON_GRACE_NANOS = 1_000_000_000L;

  /**
   * How long a call of {@code exportMetricsAsync()} may keep the invoker before another invoker
   * thread takes over the other exporters' calls: that method should only start work.
   */
  static final long BLOCKING_CALL_NANOS = 50_000_000L;

  private final ExporterInstance instance;
  private final TaskTimer timer;
  private final RunWatchdog watchdog;
  private final RunOutcomes outcomes;
  private final RunBracket bracket;

  RunTimeouts(
      ExporterInstance instance,
      TaskTimer timer,
      RunWatchdog watchdog,
      RunOutcomes outcomes,
      RunBracket bracket) {
    this.instance = instance;
    this.timer = timer;
    this.watchdog = watchdog;
    this.outcomes = outcomes;
    this.bracket = bracket;
  }

  /** Watches a run from now on, under the instance's timeout; the run cancels it when it ends. */
  TaskTimer.Cancellable watch(Run run) {
    return watchdog.watch(instance.schedule().timeout().toNanos(), () -> timedOut(run));
  }

  /**
   * Watches a call of {@code exportMetricsAsync()}: when it blocks, its invoker thread is lent out
   * so that another one takes the other exporters' calls; cancelled when the call returns.
   */
  TaskTimer.Cancellable lendIfBlocking(Run run, ThreadAbandonment invokers) {
    return watchdog.watch(
        BLOCKING_CALL_NANOS,
        () -> {
          Thread thread = run.abandonIfGoing();
          if (thread != null) {
            LOG.debug("Exporter '{}' blocks inside exportMetricsAsync()", instance.qualifiedName());
            invokers.abandoned(instance, thread);
          }
        });
  }

  /** Ends the current part of a run on its thread, telling the pool when it had given it up. */
  void leave(Run run) {
    ThreadAbandonment returnedTo = run.leave();
    if (returnedTo != null) {
      returnedTo.returned(instance, Thread.currentThread());
    }
  }

  /** At the timeout: count it, interrupt or cancel the run, and abandon a thread that stays. */
  private void timedOut(Run run) {
    if (!run.timeOut()) {
      return;
    }
    if (run.initializing()) {
      // An init past its timeout leaves the exporter in a state nobody knows: never run it again.
      instance.abandonInit();
      outcomes.recordInitTimeout(run);
    } else {
      outcomes.record(run, Result.TIMEOUT, null);
    }
    bracket.markStuck();
    run.cancel();
    long timeout = instance.schedule().timeout().toNanos();
    timer.schedule(
        () -> {
          Thread thread = run.abandonIfGoing();
          if (thread != null) {
            LOG.warn(
                "Exporter '{}' ignored the interrupt at its {} timeout: its thread '{}' is"
                    + " abandoned and replaced until the run returns",
                instance.qualifiedName(),
                Durations.seconds(instance.schedule().timeout()),
                thread.getName());
            run.abandonment().abandoned(instance, thread);
          }
        },
        Math.min(ABANDON_GRACE_NANOS, timeout));
  }
}
