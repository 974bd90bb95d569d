package dev.promonitor.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The one policy for durations: the range every {@code *_seconds} value must fall in, the
 * conversion of a number of seconds to a {@link Duration}, and the one way a duration is written
 * for people (logs, reports, the status API).
 */
public final class Durations {

  /**
   * The largest value of any {@code *_seconds} key: 365 days. Far beyond any useful schedule, and
   * far below what a nanosecond count ({@code long}, about 292 years) can hold, so that no
   * timer, deadline or sum of two durations overflows.
   */
  public static final Duration MAX = Duration.ofDays(365);

  /** {@link #MAX} in seconds, as messages write it. */
  public static final long MAX_SECONDS = MAX.getSeconds();

  private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX_SECONDS);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  /** Whether 0 is in range, as for delays and grace periods, or not, as for intervals. */
  public enum Bound {
    /** Greater than 0: intervals and timeouts. */
    POSITIVE("expecting value > 0"),
    /** 0 or more: delays, jitter and grace periods. */
    ZERO_OR_MORE("expecting value >= 0");

    private final String belowMessage;

    Bound(String belowMessage) {
      this.belowMessage = belowMessage;
    }
  }

  private Durations() {}

  /**
   * What is wrong with {@code duration} as the value of a key with {@code bound}: the message of a
   * config problem (client_java's style, without the found value), or {@code null} when it is in
   * range. The one range check of durations, for the config readers and for values built in code.
   *
   * @param duration the value
   * @param bound whether 0 is allowed
   * @return the problem, or {@code null}
   */
  public static @Nullable String rangeProblem(Duration duration, Bound bound) {
    if (duration.isNegative() || bound == Bound.POSITIVE && duration.isZero()) {
      return bound.belowMessage;
    }
    if (duration.compareTo(MAX) > 0) {
      return "expecting value <= " + MAX_SECONDS + " (365 days)";
    }
    return null;
  }

  /**
   * Checks a duration given in code, such as a schedule built by hand.
   *
   * @param name the name for the message
   * @param duration the value
   * @param bound whether 0 is allowed
   * @return {@code duration}
   * @throws IllegalArgumentException when it is out of range
   */
  public static Duration requireInRange(String name, Duration duration, Bound bound) {
    String problem = rangeProblem(duration, bound);
    if (problem != null) {
      throw new IllegalArgumentException(
          name + ": E" + problem.substring(1) + ". Found: " + duration);
    }
    return duration;
  }

  /**
   * A number of seconds, fractions allowed, as a duration rounded to the nanosecond, or the
   * problem that keeps it from being one (see {@link #rangeProblem}). Values far past
   * {@link #MAX} are refused without being converted.
   *
   * @param seconds the value as written
   * @param bound whether 0 is allowed
   * @return the duration or the problem
   */
  public static Converted fromSeconds(BigDecimal seconds, Bound bound) {
    if (seconds.signum() < 0 || bound == Bound.POSITIVE && seconds.signum() == 0) {
      return new Converted(null, bound.belowMessage);
    }
    if (seconds.compareTo(MAX_DECIMAL) > 0) {
      return new Converted(null, rangeProblem(MAX.plusSeconds(1), bound));
    }
    BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP);
    if (bound == Bound.POSITIVE && nanos.signum() == 0) {
      return new Converted(null, "expecting value >= 0.000000001 (one nanosecond)");
    }
    BigDecimal[] split = nanos.divideAndRemainder(NANOS_PER_SECOND);
    return new Converted(
        Duration.ofSeconds(split[0].longValueExact(), split[1].longValueExact()), null);
  }

  /**
   * The outcome of {@link #fromSeconds}: exactly one of the two is set.
   *
   * @param duration the duration, in range
   * @param problem what keeps the value from being one
   */
  public record Converted(@Nullable Duration duration, @Nullable String problem) {}

  /**
   * A duration as an exact number of seconds: {@code 0.25}, never {@code 0.25000000000000001}
   * nor {@code 1.0E-4}.
   *
   * @param duration the duration
   * @return the seconds, without trailing zeros and never in scientific notation when written
   *     with {@link BigDecimal#toPlainString()}
   */
  public static BigDecimal decimalSeconds(Duration duration) {
    BigDecimal value =
        BigDecimal.valueOf(duration.getSeconds())
            .add(BigDecimal.valueOf(duration.getNano(), 9))
            .stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  /**
   * Formats a duration in seconds, as config files write it.
   *
   * @param duration the duration
   * @return for example {@code 60s}, {@code 0.25s} or {@code 0.0001s}
   */
  public static String seconds(Duration duration) {
    return decimalSeconds(duration).toPlainString() + "s";
  }
}
