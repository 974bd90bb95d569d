package dev.promonitor.benchmarks;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Builds the in-process hosts of the benchmarks and waits on them, always with a bound. */
final class Hosts {

  private Hosts() {}

  /**
   * A host, not started, with {@code count} exporters of one class named {@code e<first>} and on,
   * recording in the installed {@link RunLog}.
   */
  static ExporterHost build(
      Class<? extends BaseExporter<Void>> exporterClass,
      int first,
      int count,
      ExecutionMode mode,
      @Nullable Integer threads,
      Duration interval) {
    return build(exporterClass, first, count, mode, threads, interval, Duration.ZERO);
  }

  /** As {@link #build(Class, int, int, ExecutionMode, Integer, Duration)}, with a jitter bound. */
  static ExporterHost build(
      Class<? extends BaseExporter<Void>> exporterClass,
      int first,
      int count,
      ExecutionMode mode,
      @Nullable Integer threads,
      Duration interval,
      Duration jitter) {
    AppSettings app =
        AppSettings.builder()
            .executionMode(mode)
            .exportInterval(interval)
            .jitter(jitter)
            .threads(threads)
            .prometheusHost("127.0.0.1")
            .jvmMetrics(false)
            .build();
    ExporterHost.Builder builder = ExporterHost.builder().app(app);
    for (int slot = first; slot < first + count; slot++) {
      builder.exporter(exporterClass, RunLog.nameOf(slot), null);
    }
    return builder.build();
  }

  /** What a benchmark waits for. */
  @FunctionalInterface
  interface Condition {
    boolean holds();
  }

  /**
   * Polls {@code condition} every few milliseconds until it holds or {@code timeout} has passed.
   *
   * @return whether it holds
   */
  static boolean await(Condition condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }
}
