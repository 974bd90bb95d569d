package dev.promonitor.core.internal.engine;

import dev.promonitor.core.internal.FatalErrors;
import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.SecretMasking;
import dev.promonitor.core.internal.engine.RunStats.Result;
import org.jspecify.annotations.Nullable;

/**
 * What one instance's runs ended with: the counts and last error ({@link RunStats}), the snapshot
 * that {@code /metrics} serves under the failure policy, and the log lines of failures. Each run's
 * outcome is recorded once, by whichever of its end and its timeout comes first.
 */
final class RunOutcomes {

  private final ExporterSchedule schedule;
  private final TaskTimer timer;
  private final RunStats stats = new RunStats();
  private final FailureLog failureLog;
  private volatile @Nullable MetricsSnapshot served;
  private volatile int lastSeries;
  private volatile boolean everSucceeded;

  RunOutcomes(String qualifiedName, ExporterSchedule schedule, TaskTimer timer) {
    this.schedule = schedule;
    this.timer = timer;
    this.failureLog = new FailureLog(qualifiedName);
  }

  RunStats stats() {
    return stats;
  }

  @Nullable MetricsSnapshot served() {
    return served;
  }

  int lastSeries() {
    return lastSeries;
  }

  /** A collection found this many series, whether or not they get served. */
  void collected(int series) {
    lastSeries = series;
  }

  /** Records a run's outcome once: the first of its end and its timeout wins. */
  void finished(
      Run run, Result result, @Nullable Throwable failure, @Nullable MetricsSnapshot snapshot) {
    // Out of memory in a run is the JVM's failure, not the exporter's: the process is unhealthy.
    FatalErrors.report(failure);
    if (run.claimOutcome()) {
      if (snapshot != null) {
        served = snapshot;
      }
      record(run, result, failure);
    }
  }

  void record(Run run, Result result, @Nullable Throwable failure) {
    String error =
        switch (result) {
          case SUCCESS -> null;
          case TIMEOUT -> "timed out after " + Durations.seconds(schedule.timeout());
          case FAILURE, SERIES_LIMIT -> describe(requireNonNull(failure));
        };
    record(run, result, failure, error);
  }

  /** Records the timeout of a run that was in {@code init}: the instance is not run again. */
  void recordInitTimeout(Run run) {
    record(
        run,
        Result.TIMEOUT,
        null,
        "init timed out after "
            + Durations.seconds(schedule.timeout())
            + "; not run again until a reload or a restart creates it anew");
  }

  private void record(
      Run run, Result result, @Nullable Throwable failure, @Nullable String error) {
    long duration = timer.nanoTime() - run.startNanos();
    int streakBefore = stats.consecutiveFailures();
    stats.record(result, duration, timer.currentTimeMillis(), error);
    if (result == Result.SUCCESS) {
      everSucceeded = true;
      failureLog.recovered(streakBefore);
      return;
    }
    if (!(everSucceeded && schedule.onFailure() == FailurePolicy.KEEP)) {
      served = null;
    }
    int streak = streakBefore + 1;
    if (result == Result.TIMEOUT) {
      failureLog.failed(error, null, streak, null);
      return;
    }
    Throwable cause = requireNonNull(failure);
    if (cause instanceof InitFailure init) {
      failureLog.failed("failed to initialize; retrying at its next run", init.getCause(), streak, null);
    } else if (cause instanceof CollectFailure collect) {
      failureLog.failed("failed while its metrics were collected", collect.getCause(), streak, null);
    } else if (result == Result.SERIES_LIMIT) {
      failureLog.failed("had its metrics refused: " + cause.getMessage(), null, streak, "series limit");
    } else if (cause instanceof SnapshotRefusal refusal) {
      failureLog.failed(
          "had its metrics refused: " + refusal.getMessage(), null, streak, refusal.getMessage());
    } else {
      failureLog.failed("raised an error", cause, streak, null);
    }
  }

  private static String describe(Throwable failure) {
    if (failure instanceof SnapshotRefusal) {
      return SecretMasking.mask(requireNonNull(failure.getMessage()));
    }
    if (failure instanceof InitFailure) {
      return SecretMasking.mask("init failed: " + failure.getCause());
    }
    if (failure instanceof CollectFailure) {
      return SecretMasking.mask("collecting the metrics failed: " + failure.getCause());
    }
    return SecretMasking.mask(failure.toString());
  }

  /** Marks an init failure, so that it is logged and described as such. */
  static final class InitFailure extends Exception {
    private static final long serialVersionUID = 1L;

    InitFailure(Throwable cause) {
      super(cause);
    }
  }

  /** Marks a failure of the registry's collection after an export. */
  static final class CollectFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CollectFailure(Throwable cause) {
      super(cause);
    }
  }

  /** A snapshot that was collected but may not be served; the message says why. */
  static final class SnapshotRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    SnapshotRefusal(String message) {
      super(message, null, false, false);
    }
  }}
