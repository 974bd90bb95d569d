package dev.promonitor.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Where the benchmark exporters record when each of their runs started and ended, in a preallocated
 * array so that recording costs two {@link System#nanoTime()} calls and two stores, side by side:
 * a run's start and end share a cache line. The count of started runs is striped ({@link
 * LongAdder}): with one shared counter, the workers that run the instances in parallel would take
 * its cache line from each other at every run, which the framework does not do.
 *
 * <p>The framework creates exporters through their no-arg constructor, so they find the log of the
 * benchmark that is running through {@link #current()}: one benchmark runs at a time. An exporter
 * named {@code e<i>} records in slot {@code i}. Runs of one instance never overlap, so each slot has
 * one writer at a time; a reader waits on {@link #firstRunsEnded()} or {@link #minRuns()}, whose
 * atomic counters publish the stores made before them.
 */
final class RunLog {

  private static volatile @Nullable RunLog current;

  private final int maxRuns;
  private final long workNanos;
  /** Each run's start, at {@link #startIndex}, and its end right after it. */
  private final long[] times;
  private final int[] counts;
  private final AtomicInteger firstEnds = new AtomicInteger();
  private final LongAdder begun = new LongAdder();

  /**
   * Creates a log.
   *
   * @param instances how many instances record
   * @param maxRuns how many runs of each instance are kept; later ones are not recorded
   * @param workNanos how long each run of a sleeping exporter works
   */
  RunLog(int instances, int maxRuns, long workNanos) {
    this.maxRuns = maxRuns;
    this.workNanos = workNanos;
    this.times = new long[2 * instances * maxRuns];
    this.counts = new int[instances];
  }

  /** Makes {@code log} the one that exporters created from now on record in. */
  static void install(RunLog log) {
    current = log;
  }

  /** The log of the running benchmark. */
  static RunLog current() {
    RunLog log = current;
    if (log == null) {
      throw new IllegalStateException("no benchmark is running: RunLog.install was not called");
    }
    return log;
  }

  /** The slot of an exporter named {@code e<i>}. */
  static int slotOf(String name) {
    return Integer.parseInt(name.substring(1));
  }

  /** The name of the exporter that records in slot {@code slot}. */
  static String nameOf(int slot) {
    return "e" + slot;
  }

  long workNanos() {
    return workNanos;
  }

  int instances() {
    return counts.length;
  }

  /**
   * Records the start of a run, now.
   *
   * @return the run's index, to give to {@link #end}, or -1 when the slot is full
   */
  int begin(int slot) {
    long now = System.nanoTime();
    int run = counts[slot];
    if (run >= maxRuns) {
      return -1;
    }
    times[startIndex(slot, run)] = now;
    counts[slot] = run + 1;
    begun.increment();
    return run;
  }

  /** Records the end of run {@code run} of {@code slot}, now. */
  void end(int slot, int run) {
    if (run >= 0) {
      times[startIndex(slot, run) + 1] = System.nanoTime();
      if (run == 0) {
        firstEnds.incrementAndGet();
      }
    }
  }

  /** How many runs of {@code slot} have started (and were recorded). */
  int runs(int slot) {
    begun.sum();
    return counts[slot];
  }

  /** The fewest runs that an instance has started. */
  int minRuns() {
    begun.sum();
    int min = Integer.MAX_VALUE;
    for (int count : counts) {
      min = Math.min(min, count);
    }
    return min;
  }

  long startOf(int slot, int run) {
    return times[startIndex(slot, run)];
  }

  /** The end of a run, or 0 when it has not ended. */
  long endOf(int slot, int run) {
    return times[startIndex(slot, run) + 1];
  }

  /** Whether every instance's first run has ended. */
  boolean firstRunsEnded() {
    return firstEnds.get() >= counts.length;
  }

  private int startIndex(int slot, int run) {
    return 2 * (slot * maxRuns + run);
  }
}
