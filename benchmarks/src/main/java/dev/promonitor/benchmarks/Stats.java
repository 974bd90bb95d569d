package dev.promonitor.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics of a sample of nanosecond values, and their rendering in milliseconds. */
final class Stats {

  private final long[] sorted;

  private Stats(long[] sorted) {
    this.sorted = sorted;
  }

  /**
   * The statistics of {@code values}, which are copied.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  static Stats of(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("values must not be empty");
    }
    long[] copy = values.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  int count() {
    return sorted.length;
  }

  long min() {
    return sorted[0];
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  long median() {
    return percentile(50);
  }

  /**
   * The nearest-rank percentile: the smallest value that at least {@code p} percent of the values
   * are less than or equal to.
   *
   * @param p the percentile, more than 0 and at most 100
   */
  long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("p: Expecting value in (0, 100]. Found: " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  double mean() {
    double sum = 0;
    for (long value : sorted) {
      sum += value;
    }
    return sum / sorted.length;
  }

  /** Nanoseconds as milliseconds with {@code decimals} decimals, such as {@code 101.3}. */
  static String millis(double nanos, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", nanos / 1e6);
  }
}
