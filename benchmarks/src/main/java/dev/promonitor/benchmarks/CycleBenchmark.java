package dev.promonitor.benchmarks;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.ExecutionMode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * One cycle of 100 exporters that each take 100 ms, per execution mode: from the first run's start
 * to the last run's end, as the exporters record them. The interval is long, so that only the
 * first run of each instance happens; every repetition uses a fresh host.
 */
final class CycleBenchmark {

  private static final int EXPORTERS = 100;
  private static final long WORK_NANOS = 100_000_000L;
  private static final Duration INTERVAL = Duration.ofHours(1);
  private static final Duration CYCLE_BOUND = Duration.ofSeconds(60);

  private record Variant(
      String label,
      ExecutionMode mode,
      @Nullable Integer threads,
      Class<? extends BaseExporter<Void>> exporter,
      int warmups,
      int repetitions,
      long targetNanos,
      String target) {}

  private CycleBenchmark() {}

  static String run() throws InterruptedException {
    Variant[] variants = {
      new Variant("sync, blocking", ExecutionMode.SYNC, null, SleepExporter.class, 0, 2,
          10_500_000_000L, "≈ 10 s (100 × 100 ms by design)"),
      new Variant("multithreaded, threads 100, blocking", ExecutionMode.MULTITHREADED, 100,
          SleepExporter.class, 1, 5, 110_000_000L, "≤ 110 ms"),
      new Variant("async, threads 100, blocking", ExecutionMode.ASYNC, 100, SleepExporter.class,
          1, 5, 110_000_000L, "≤ 110 ms"),
      new Variant("async, threads 2, AsyncExporter", ExecutionMode.ASYNC, 2,
          AsyncSleepExporter.class, 1, 5, 110_000_000L, "≤ 110 ms"),
      new Variant("async, default threads (32), blocking", ExecutionMode.ASYNC, null,
          SleepExporter.class, 1, 5, 410_000_000L, "≈ 400 ms (4 waves of 32 by design)"),
    };
    Table table = new Table("mode, exporters", "runs", "min ms", "median ms", "max ms", "target", "result");
    for (Variant variant : variants) {
      for (int i = 0; i < variant.warmups(); i++) {
        cycle(variant);
      }
      long[] cycles = new long[variant.repetitions()];
      for (int i = 0; i < cycles.length; i++) {
        cycles[i] = cycle(variant);
      }
      Stats stats = Stats.of(cycles);
      table.row(
          variant.label(),
          String.valueOf(stats.count()),
          Stats.millis(stats.min(), 1),
          Stats.millis(stats.median(), 1),
          Stats.millis(stats.max(), 1),
          variant.target(),
          Table.verdict(stats.median() <= variant.targetNanos()));
    }
    cycleOnBarePool();
    long[] bare = new long[5];
    for (int i = 0; i < bare.length; i++) {
      bare[i] = cycleOnBarePool();
    }
    Stats stats = Stats.of(bare);
    table.row(
        "baseline: a JDK `ThreadPoolExecutor` of 100 threads, each started as a task comes",
        String.valueOf(stats.count()),
        Stats.millis(stats.min(), 1),
        Stats.millis(stats.median(), 1),
        Stats.millis(stats.max(), 1),
        "",
        "");
    return "### cycle: one cycle of " + EXPORTERS + " exporters that each take 100 ms\n\n"
        + table.render()
        + "\nOne cycle = last run end − first run start, recorded by the exporters; a fresh host per"
        + " run, after the warm-up runs; the verdict is on the median. The baseline runs 100 tasks"
        + " that sleep 100 ms on a new JDK pool each time, in the same run: what starting 100"
        + " threads as the work comes costs on this machine.\n";
  }

  /** One cycle of sleeping tasks on a fresh {@link ThreadPoolExecutor}, in nanoseconds. */
  private static long cycleOnBarePool() throws InterruptedException {
    long[] starts = new long[EXPORTERS];
    long[] ends = new long[EXPORTERS];
    CountDownLatch done = new CountDownLatch(EXPORTERS);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(EXPORTERS, EXPORTERS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      for (int slot = 0; slot < EXPORTERS; slot++) {
        int task = slot;
        pool.execute(
            () -> {
              starts[task] = System.nanoTime();
              try {
                Thread.sleep(WORK_NANOS / 1_000_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                ends[task] = System.nanoTime();
                done.countDown();
              }
            });
      }
      if (!done.await(CYCLE_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the bare pool's tasks did not all end within " + CYCLE_BOUND);
      }
    } finally {
      pool.shutdownNow();
    }
    return LongStream.of(ends).max().orElseThrow() - LongStream.of(starts).min().orElseThrow();
  }

  /** One cycle on a fresh host, in nanoseconds. */
  private static long cycle(Variant variant) throws InterruptedException {
    RunLog log = new RunLog(EXPORTERS, 1, WORK_NANOS);
    RunLog.install(log);
    try (ExporterHost host =
        Hosts.build(variant.exporter(), 0, EXPORTERS, variant.mode(), variant.threads(), INTERVAL)) {
      host.start();
      if (!Hosts.await(log::firstRunsEnded, CYCLE_BOUND)) {
        throw new IllegalStateException(
            variant.label() + ": the first runs did not all end within " + CYCLE_BOUND);
      }
    }
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    for (int slot = 0; slot < EXPORTERS; slot++) {
      firstStart = Math.min(firstStart, log.startOf(slot, 0));
      lastEnd = Math.max(lastEnd, log.endOf(slot, 0));
    }
    return lastEnd - firstStart;
  }
}
