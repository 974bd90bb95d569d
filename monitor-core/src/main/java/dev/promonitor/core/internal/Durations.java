package dev.promonitor.core.internal;

import java.time.Duration;

/** Durations as people read them in logs and reports. */
public final class Durations {

  private Durations() {}

  /**
   * Formats a duration in seconds, as config files write it.
   *
   * @param duration the duration
   * @return for example {@code 60s} or {@code 0.25s}
   */
  public static String seconds(Duration duration) {
    double seconds = duration.toNanos() / 1e9;
    return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds))
        + "s";
  }
}
