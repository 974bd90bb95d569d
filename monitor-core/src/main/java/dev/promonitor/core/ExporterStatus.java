package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a host knows of one exporter instance at one moment: for status pages and health checks.
 *
 * @param type the exporter type
 * @param name the instance name
 * @param interval how often it runs
 * @param timeout how long a run may take
 * @param state its state now
 * @param lastRunEnd when its last run ended (or timed out), {@code null} before any
 * @param lastRunDuration how long that run took, {@code null} before any
 * @param lastSuccess when its last successful run ended, {@code null} before any
 * @param nextRun when its next run is due, {@code null} when none is scheduled
 * @param consecutiveFailures failed or timed-out runs since the last success
 * @param lastError the last failure's message, {@code null} after a success
 * @param successes runs that succeeded
 * @param failures runs that failed
 * @param timeouts runs that timed out
 * @param skipped due runs skipped because the previous one was still going
 * @param series the number of series (samples) it serves now
 */
public record ExporterStatus(
    String type,
    String name,
    Duration interval,
    Duration timeout,
    State state,
    @Nullable Instant lastRunEnd,
    @Nullable Duration lastRunDuration,
    @Nullable Instant lastSuccess,
    @Nullable Instant nextRun,
    int consecutiveFailures,
    @Nullable String lastError,
    long successes,
    long failures,
    long timeouts,
    long skipped,
    int series) {

  /** Checks the arguments. */
  public ExporterStatus {
    requireNonNull(type, "type must not be null");
    requireNonNull(name, "name must not be null");
    requireNonNull(interval, "interval must not be null");
    requireNonNull(timeout, "timeout must not be null");
    requireNonNull(state, "state must not be null");
  }

  /** The state of an instance. */
  public enum State {
    /** Not run yet. */
    PENDING,
    /** A run is going. */
    RUNNING,
    /** The last run succeeded. */
    UP,
    /** The last run failed. */
    FAILING,
    /** The last run timed out. */
    TIMED_OUT
  }
}
