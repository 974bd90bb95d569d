package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.Sharding;
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
 * @param sharding the entry's {@code sharding} key
 * @param shard the index of the shard that runs it: this host's for its own entries and for
 *     {@code sharding: all}, another for an entry in {@link State#OTHER_SHARD}
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
    int series,
    Sharding sharding,
    int shard) {

  /** Checks the arguments. */
  public ExporterStatus {
    requireNonNull(type, "type must not be null");
    requireNonNull(name, "name must not be null");
    requireNonNull(interval, "interval must not be null");
    requireNonNull(timeout, "timeout must not be null");
    requireNonNull(state, "state must not be null");
    requireNonNull(sharding, "sharding must not be null");
  }

  /**
   * The status of an entry of an unsharded host, {@code sharding: hash} on shard 0.
   *
   * @param type the exporter type
   * @param name the instance name
   * @param interval how often it runs
   * @param timeout how long a run may take
   * @param state its state now
   * @param lastRunEnd when its last run ended
   * @param lastRunDuration how long that run took
   * @param lastSuccess when its last successful run ended
   * @param nextRun when its next run is due
   * @param consecutiveFailures failed or timed-out runs since the last success
   * @param lastError the last failure's message
   * @param successes runs that succeeded
   * @param failures runs that failed
   * @param timeouts runs that timed out
   * @param skipped due runs skipped
   * @param series the number of series it serves now
   */
  public ExporterStatus(
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
    this(type, name, interval, timeout, state, lastRunEnd, lastRunDuration, lastSuccess, nextRun,
        consecutiveFailures, lastError, successes, failures, timeouts, skipped, series,
        Sharding.HASH, 0);
  }

  /**
   * This status with the entry's sharding and the shard that runs it.
   *
   * @param sharding the entry's {@code sharding} key
   * @param shard the index of the shard that runs it
   * @return a new status, equal but for these two
   */
  public ExporterStatus withShard(Sharding sharding, int shard) {
    return new ExporterStatus(type, name, interval, timeout, state, lastRunEnd, lastRunDuration,
        lastSuccess, nextRun, consecutiveFailures, lastError, successes, failures, timeouts, skipped,
        series, sharding, shard);
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
    TIMED_OUT,
    /** Another shard of a sharded runner runs it; {@code shard} says which. */
    OTHER_SHARD
  }
}
