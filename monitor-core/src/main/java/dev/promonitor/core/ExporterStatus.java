package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.config.Sharding;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a host knows of one exporter instance at one moment: for status pages and health checks.
 *
 * <p>An immutable value with accessors, so that it can gain facts without breaking its callers;
 * made by the host (or, in tests, with {@link #builder(String, String)}).
 */
// Over 400 lines for one concept, one instance's status as a value that can grow: each of its 18
// facts has a documented accessor and a documented builder setter (public API); the host builds
// it in internal.engine.StatusSnapshots.
public final class ExporterStatus {

  private final String type;
  private final String name;
  private final Duration interval;
  private final Duration timeout;
  private final State state;
  private final @Nullable Instant lastRunEnd;
  private final @Nullable Duration lastRunDuration;
  private final @Nullable Instant lastSuccess;
  private final @Nullable Instant nextRun;
  private final int consecutiveFailures;
  private final @Nullable String lastError;
  private final long successes;
  private final long failures;
  private final long timeouts;
  private final long skipped;
  private final int series;
  private final Sharding sharding;
  private final int shard;

  private ExporterStatus(Builder builder) {
    this.type = builder.type;
    this.name = builder.name;
    this.interval = builder.interval;
    this.timeout = builder.timeout;
    this.state = builder.state;
    this.lastRunEnd = builder.lastRunEnd;
    this.lastRunDuration = builder.lastRunDuration;
    this.lastSuccess = builder.lastSuccess;
    this.nextRun = builder.nextRun;
    this.consecutiveFailures = builder.consecutiveFailures;
    this.lastError = builder.lastError;
    this.successes = builder.successes;
    this.failures = builder.failures;
    this.timeouts = builder.timeouts;
    this.skipped = builder.skipped;
    this.series = builder.series;
    this.sharding = builder.sharding;
    this.shard = builder.shard;
  }

  /**
   * Starts a status of one instance.
   *
   * @param type the exporter type
   * @param name the instance name
   * @return a builder: interval and timeout zero, state {@link State#PENDING}, no runs
   */
  public static Builder builder(String type, String name) {
    return new Builder(type, name);
  }

  /**
   * The exporter type.
   *
   * @return the type, as in the config file
   */
  public String type() {
    return type;
  }

  /**
   * The instance name.
   *
   * @return the name, as in the config file
   */
  public String name() {
    return name;
  }

  /**
   * How often it runs.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * How long a run may take.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Its state now.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * When its last run ended (or timed out).
   *
   * @return the instant, {@code null} before any run
   */
  public @Nullable Instant lastRunEnd() {
    return lastRunEnd;
  }

  /**
   * How long its last run took.
   *
   * @return the duration, {@code null} before any run
   */
  public @Nullable Duration lastRunDuration() {
    return lastRunDuration;
  }

  /**
   * When its last successful run ended.
   *
   * @return the instant, {@code null} before any success
   */
  public @Nullable Instant lastSuccess() {
    return lastSuccess;
  }

  /**
   * When its next run is due.
   *
   * @return the instant, {@code null} when none is scheduled
   */
  public @Nullable Instant nextRun() {
    return nextRun;
  }

  /**
   * Failed or timed-out runs since the last success.
   *
   * @return the count
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * The last failure's message (secrets masked).
   *
   * @return the message, {@code null} after a success
   */
  public @Nullable String lastError() {
    return lastError;
  }

  /**
   * Runs that succeeded.
   *
   * @return the count
   */
  public long successes() {
    return successes;
  }

  /**
   * Runs that failed.
   *
   * @return the count
   */
  public long failures() {
    return failures;
  }

  /**
   * Runs that timed out.
   *
   * @return the count
   */
  public long timeouts() {
    return timeouts;
  }

  /**
   * Due runs skipped because the previous one was still going.
   *
   * @return the count
   */
  public long skipped() {
    return skipped;
  }

  /**
   * The number of series (samples) it serves now.
   *
   * @return the count
   */
  public int series() {
    return series;
  }

  /**
   * The entry's {@code sharding} key.
   *
   * @return {@link Sharding#HASH} or {@link Sharding#ALL}
   */
  public Sharding sharding() {
    return sharding;
  }

  /**
   * The shard that runs the entry: the host's own for its instances and for {@code sharding: all},
   * another one in {@link State#OTHER_SHARD}.
   *
   * @return the shard's index, 0 when the runner is not sharded
   */
  public int shard() {
    return shard;
  }

  /**
   * A builder holding this status's values, to derive a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(type, name)
        .interval(interval)
        .timeout(timeout)
        .state(state)
        .lastRunEnd(lastRunEnd)
        .lastRunDuration(lastRunDuration)
        .lastSuccess(lastSuccess)
        .nextRun(nextRun)
        .consecutiveFailures(consecutiveFailures)
        .lastError(lastError)
        .successes(successes)
        .failures(failures)
        .timeouts(timeouts)
        .skipped(skipped)
        .series(series)
        .sharding(sharding)
        .shard(shard);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ExporterStatus that
        && type.equals(that.type)
        && name.equals(that.name)
        && interval.equals(that.interval)
        && timeout.equals(that.timeout)
        && state == that.state
        && Objects.equals(lastRunEnd, that.lastRunEnd)
        && Objects.equals(lastRunDuration, that.lastRunDuration)
        && Objects.equals(lastSuccess, that.lastSuccess)
        && Objects.equals(nextRun, that.nextRun)
        && consecutiveFailures == that.consecutiveFailures
        && Objects.equals(lastError, that.lastError)
        && successes == that.successes
        && failures == that.failures
        && timeouts == that.timeouts
        && skipped == that.skipped
        && series == that.series
        && sharding == that.sharding
        && shard == that.shard;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type,
        name,
        interval,
        timeout,
        state,
        lastRunEnd,
        lastRunDuration,
        lastSuccess,
        nextRun,
        consecutiveFailures,
        lastError,
        successes,
        failures,
        timeouts,
        skipped,
        series,
        sharding,
        shard);
  }

  @Override
  public String toString() {
    return "ExporterStatus[type="
        + type
        + ", name="
        + name
        + ", state="
        + state
        + ", interval="
        + interval
        + ", timeout="
        + timeout
        + ", lastRunEnd="
        + lastRunEnd
        + ", lastRunDuration="
        + lastRunDuration
        + ", lastSuccess="
        + lastSuccess
        + ", nextRun="
        + nextRun
        + ", consecutiveFailures="
        + consecutiveFailures
        + ", lastError="
        + lastError
        + ", successes="
        + successes
        + ", failures="
        + failures
        + ", timeouts="
        + timeouts
        + ", skipped="
        + skipped
        + ", series="
        + series
        + ", sharding="
        + sharding
        + ", shard="
        + shard
        + "]";
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
    /** Another shard of a sharded runner runs it; {@link #shard()} says which. */
    OTHER_SHARD
  }

  /** Builds an {@link ExporterStatus}. Not thread-safe. */
  public static final class Builder {

    private final String type;
    private final String name;
    private Duration interval = Duration.ZERO;
    private Duration timeout = Duration.ZERO;
    private State state = State.PENDING;
    private @Nullable Instant lastRunEnd;
    private @Nullable Duration lastRunDuration;
    private @Nullable Instant lastSuccess;
    private @Nullable Instant nextRun;
    private int consecutiveFailures;
    private @Nullable String lastError;
    private long successes;
    private long failures;
    private long timeouts;
    private long skipped;
    private int series;
    private Sharding sharding = Sharding.HASH;
    private int shard;

    private Builder(String type, String name) {
      this.type = requireNonNull(type, "type must not be null");
      this.name = requireNonNull(name, "name must not be null");
    }

    /**
     * Sets how often it runs.
     *
     * @param interval the interval; default zero
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = requireNonNull(interval, "interval must not be null");
      return this;
    }

    /**
     * Sets how long a run may take.
     *
     * @param timeout the timeout; default zero
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout must not be null");
      return this;
    }

    /**
     * Sets its state.
     *
     * @param state the state; default {@link State#PENDING}
     * @return this builder
     */
    public Builder state(State state) {
      this.state = requireNonNull(state, "state must not be null");
      return this;
    }

    /**
     * Sets when its last run ended.
     *
     * @param lastRunEnd the instant; default {@code null}, no run yet
     * @return this builder
     */
    public Builder lastRunEnd(@Nullable Instant lastRunEnd) {
      this.lastRunEnd = lastRunEnd;
      return this;
    }

    /**
     * Sets how long its last run took.
     *
     * @param lastRunDuration the duration; default {@code null}, no run yet
     * @return this builder
     */
    public Builder lastRunDuration(@Nullable Duration lastRunDuration) {
      this.lastRunDuration = lastRunDuration;
      return this;
    }

    /**
     * Sets when its last successful run ended.
     *
     * @param lastSuccess the instant; default {@code null}, no success yet
     * @return this builder
     */
    public Builder lastSuccess(@Nullable Instant lastSuccess) {
      this.lastSuccess = lastSuccess;
      return this;
    }

    /**
     * Sets when its next run is due.
     *
     * @param nextRun the instant; default {@code null}, none scheduled
     * @return this builder
     */
    public Builder nextRun(@Nullable Instant nextRun) {
      this.nextRun = nextRun;
      return this;
    }

    /**
     * Sets the failed or timed-out runs since the last success.
     *
     * @param consecutiveFailures the count; default 0
     * @return this builder
     */
    public Builder consecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
      return this;
    }

    /**
     * Sets the last failure's message.
     *
     * @param lastError the message (secrets masked); default {@code null}
     * @return this builder
     */
    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    /**
     * Sets the runs that succeeded.
     *
     * @param successes the count; default 0
     * @return this builder
     */
    public Builder successes(long successes) {
      this.successes = successes;
      return this;
    }

    /**
     * Sets the runs that failed.
     *
     * @param failures the count; default 0
     * @return this builder
     */
    public Builder failures(long failures) {
      this.failures = failures;
      return this;
    }

    /**
     * Sets the runs that timed out.
     *
     * @param timeouts the count; default 0
     * @return this builder
     */
    public Builder timeouts(long timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Sets the due runs that were skipped.
     *
     * @param skipped the count; default 0
     * @return this builder
     */
    public Builder skipped(long skipped) {
      this.skipped = skipped;
      return this;
    }

    /**
     * Sets the number of series it serves.
     *
     * @param series the count; default 0
     * @return this builder
     */
    public Builder series(int series) {
      this.series = series;
      return this;
    }

    /**
     * Sets the entry's {@code sharding} key.
     *
     * @param sharding the key; default {@link Sharding#HASH}
     * @return this builder
     */
    public Builder sharding(Sharding sharding) {
      this.sharding = requireNonNull(sharding, "sharding must not be null");
      return this;
    }

    /**
     * Sets the shard that runs the entry.
     *
     * @param shard the shard's index; default 0
     * @return this builder
     */
    public Builder shard(int shard) {
      this.shard = shard;
      return this;
    }

    /**
     * Builds the status.
     *
     * @return the status
     */
    public ExporterStatus build() {
      return new ExporterStatus(this);
    }
  }
}
