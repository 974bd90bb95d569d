package dev.promonitor.core.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * What the engine knows of one instance's runs, for the self-metrics, the failure policy and the
 * status page. Thread-safe: a run's outcome may be recorded by its own thread or, for a timeout, by
 * the timer thread while the run is still stuck.
 */
public final class RunStats {

  /** How a run ended. */
  public enum Result {
    /** The export completed. */
    SUCCESS,
    /** The export or the init threw, or the asynchronous stage failed. */
    FAILURE,
    /** The run was still going at its timeout. */
    TIMEOUT,
    /** The export completed, but its snapshot held more series than the entry's max_series. */
    SERIES_LIMIT;

    /** The label value, as in {@code monitor_exporter_runs_total{result="success"}}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private long successes;
  private long failures;
  private long timeouts;
  private long seriesLimited;
  private long skipped;
  private long lastDurationNanos = -1;
  private long lastSuccessEpochMillis = -1;
  private long lastRunEpochMillis = -1;
  private int consecutiveFailures;
  private @Nullable Result lastResult;
  private @Nullable String lastError;
  /** Counts every change, so that a reader can tell cheaply that nothing changed. */
  private volatile long changes;

  synchronized void record(Result result, long durationNanos, long epochMillis, @Nullable String error) {
    switch (result) {
      case SUCCESS -> {
        successes++;
        consecutiveFailures = 0;
        lastSuccessEpochMillis = epochMillis;
        lastError = null;
      }
      case FAILURE -> {
        failures++;
        consecutiveFailures++;
        lastError = error;
      }
      case TIMEOUT -> {
        timeouts++;
        consecutiveFailures++;
        lastError = error;
      }
      case SERIES_LIMIT -> {
        seriesLimited++;
        consecutiveFailures++;
        lastError = error;
      }
    }
    lastResult = result;
    lastDurationNanos = durationNanos;
    lastRunEpochMillis = epochMillis;
    changes++;
  }

  /** The duration of the last finished or timed-out run, -1 before any. */
  synchronized long lastDurationNanos() {
    return lastDurationNanos;
  }

  synchronized void recordSkipped(long count) {
    skipped += count;
    changes++;
  }

  /**
   * How many times the figures changed: equal counts, read before two {@link #snapshot()}s, mean
   * equal snapshots. Read without a lock.
   *
   * @return the count of changes so far
   */
  public long changes() {
    return changes;
  }

  /** Failed or timed-out runs since the last success, without a copy of the rest. */
  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** An immutable copy, for one scrape or one status page. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(
        successes,
        failures,
        timeouts,
        seriesLimited,
        skipped,
        lastDurationNanos,
        lastSuccessEpochMillis,
        lastRunEpochMillis,
        consecutiveFailures,
        lastResult,
        lastError);
  }

  /**
   * The state of an instance's runs at one moment.
   *
   * @param successes runs that completed
   * @param failures runs that failed, init failures included
   * @param timeouts runs that were still going at their timeout
   * @param seriesLimited runs whose snapshot held more series than allowed
   * @param skipped due runs that did not start because the previous one was still going
   * @param lastDurationNanos the duration of the last finished or timed-out run, -1 before any
   * @param lastSuccessEpochMillis when the last successful run ended, -1 before any
   * @param lastRunEpochMillis when the last run ended or timed out, -1 before any
   * @param consecutiveFailures failed or timed-out runs since the last success
   * @param lastResult the result of the last run, {@code null} before any
   * @param lastError the message of the last failure, {@code null} after a success
   */
  public record Snapshot(
      long successes,
      long failures,
      long timeouts,
      long seriesLimited,
      long skipped,
      long lastDurationNanos,
      long lastSuccessEpochMillis,
      long lastRunEpochMillis,
      int consecutiveFailures,
      @Nullable Result lastResult,
      @Nullable String lastError) {

    /** Whether the last run succeeded: {@code monitor_exporter_up}. */
    public boolean up() {
      return lastResult == Result.SUCCESS;
    }

    /** Runs with the given result. */
    public long runs(Result result) {
      return switch (result) {
        case SUCCESS -> successes;
        case FAILURE -> failures;
        case TIMEOUT -> timeouts;
        case SERIES_LIMIT -> seriesLimited;
      };
    }
  }
}
