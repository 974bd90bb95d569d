package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.Durations;
import java.time.Duration;

/**
 * When and how long one exporter instance runs: the per-entry keys {@code export_interval_seconds},
 * {@code timeout_seconds}, {@code initial_delay_seconds}, {@code jitter_seconds},
 * {@code on_failure} and {@code max_series}, each defaulting to the {@code app} key of the same
 * name.
 *
 * <p>Each duration is at most 365 days.
 *
 * @param interval how often a run is due; &gt; 0
 * @param timeout how long a run may take before it is interrupted and counted as a timeout; &gt; 0
 * @param initialDelay how long after start the first run is due; 0 or more
 * @param jitter the upper bound of a random, fixed offset added to every run of the instance, so
 *     that many instances with one interval do not all run at the same instant; 0 or more
 * @param onFailure what {@code /metrics} shows after a failed or timed-out run
 * @param maxSeries the most series that one run may export; a run whose snapshot holds more
 *     fails and is not served; 0 for no limit
 */
public record ExporterSchedule(
    Duration interval,
    Duration timeout,
    Duration initialDelay,
    Duration jitter,
    FailurePolicy onFailure,
    int maxSeries) {

  /** The default of {@code on_failure}. */
  public static final FailurePolicy DEFAULT_ON_FAILURE = FailurePolicy.DROP;

  /**
   * The default of {@code max_series}: 50,000 series per instance. A snapshot costs about 200 to
   * 400 bytes per series on the heap (and the text it renders about 100 bytes per series), so one
   * instance at the limit holds some 20 MB, twice that while a new snapshot replaces the old one:
   * a 128 MB heap stays safe with a few of them, while an exporter gone wrong (a label value per
   * request, per user, per file) is stopped long before it exhausts the heap. Exporters that
   * export more on purpose set their own limit.
   */
  public static final int DEFAULT_MAX_SERIES = 50_000;

  /**
   * A schedule with the default {@link #DEFAULT_MAX_SERIES}.
   *
   * @param interval how often a run is due; &gt; 0
   * @param timeout how long a run may take; &gt; 0
   * @param initialDelay how long after start the first run is due; 0 or more
   * @param jitter the bound of the instance's fixed offset; 0 or more
   * @param onFailure what {@code /metrics} shows after a failed or timed-out run
   */
  public ExporterSchedule(
      Duration interval, Duration timeout, Duration initialDelay, Duration jitter, FailurePolicy onFailure) {
    this(interval, timeout, initialDelay, jitter, onFailure, DEFAULT_MAX_SERIES);
  }

  /** Checks the values as the config loader does, for schedules built in code. */
  public ExporterSchedule {
    requireNonNull(interval, "interval must not be null");
    requireNonNull(timeout, "timeout must not be null");
    requireNonNull(initialDelay, "initialDelay must not be null");
    requireNonNull(jitter, "jitter must not be null");
    requireNonNull(onFailure, "onFailure must not be null");
    Durations.requireInRange("interval", interval, Durations.Bound.POSITIVE);
    Durations.requireInRange("timeout", timeout, Durations.Bound.POSITIVE);
    Durations.requireInRange("initialDelay", initialDelay, Durations.Bound.ZERO_OR_MORE);
    Durations.requireInRange("jitter", jitter, Durations.Bound.ZERO_OR_MORE);
    if (maxSeries < 0) {
      throw new IllegalArgumentException("maxSeries: Expecting value >= 0. Found: " + maxSeries);
    }
  }

  /**
   * A schedule with the defaults for everything but the interval: the timeout is the interval, no
   * initial delay, no jitter, {@link #DEFAULT_ON_FAILURE}.
   *
   * @param interval how often a run is due
   * @return the schedule
   */
  public static ExporterSchedule every(Duration interval) {
    return new ExporterSchedule(interval, interval, Duration.ZERO, Duration.ZERO, DEFAULT_ON_FAILURE);
  }

  /**
   * This schedule with another timeout.
   *
   * @param timeout the timeout, &gt; 0
   * @return a new schedule
   */
  public ExporterSchedule withTimeout(Duration timeout) {
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }

  /**
   * This schedule with another initial delay.
   *
   * @param initialDelay the delay, 0 or more
   * @return a new schedule
   */
  public ExporterSchedule withInitialDelay(Duration initialDelay) {
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }

  /**
   * This schedule with another jitter.
   *
   * @param jitter the jitter bound, 0 or more
   * @return a new schedule
   */
  public ExporterSchedule withJitter(Duration jitter) {
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }

  /**
   * This schedule with another failure policy.
   *
   * @param onFailure the policy
   * @return a new schedule
   */
  public ExporterSchedule withOnFailure(FailurePolicy onFailure) {
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }

  /**
   * This schedule with another series limit.
   *
   * @param maxSeries the most series one run may export, 0 for no limit
   * @return the schedule
   */
  public ExporterSchedule withMaxSeries(int maxSeries) {
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }
}
