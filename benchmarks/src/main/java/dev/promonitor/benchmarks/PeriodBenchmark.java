package dev.promonitor.benchmarks;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.ExecutionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Period accuracy: one exporter with a 1 s interval and 100 ms of work, per execution mode, for 60
 * periods. The three hosts run side by side in one JVM, one exporter each, so that the benchmark
 * takes one minute rather than three. The periods are counted from the second run: the first one
 * comes right after the exporter's {@code init}, which is off the host's cadence when the
 * {@code init} took longer than the start (a loaded machine), and the next one is back on it.
 */
final class PeriodBenchmark {

  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final long WORK_NANOS = 100_000_000L;
  private static final int PERIODS = 60;
  private static final ExecutionMode[] MODES = {
    ExecutionMode.ASYNC, ExecutionMode.MULTITHREADED, ExecutionMode.SYNC
  };

  private PeriodBenchmark() {}

  static String run() throws InterruptedException {
    RunLog log = new RunLog(MODES.length, PERIODS + 2, WORK_NANOS);
    RunLog.install(log);
    List<ExporterHost> hosts = new ArrayList<>();
    try {
      for (int slot = 0; slot < MODES.length; slot++) {
        hosts.add(
            Hosts.build(SleepExporter.class, slot, 1, MODES[slot], null, Duration.ofNanos(INTERVAL_NANOS)));
      }
      hosts.forEach(ExporterHost::start);
      Duration bound = Duration.ofSeconds(PERIODS + 15);
      if (!Hosts.await(() -> log.minRuns() >= PERIODS + 2, bound)) {
        throw new IllegalStateException("fewer than " + (PERIODS + 2) + " runs within " + bound);
      }
    } finally {
      hosts.forEach(ExporterHost::close);
    }
    Table table =
        new Table("mode", "periods", "mean period ms", "mean − 1 s ms", "min ms", "max ms", "target", "result");
    for (int slot = 0; slot < MODES.length; slot++) {
      long[] periods = new long[PERIODS];
      for (int run = 0; run < PERIODS; run++) {
        periods[run] = log.startOf(slot, run + 2) - log.startOf(slot, run + 1);
      }
      Stats stats = Stats.of(periods);
      double deviation = stats.mean() - INTERVAL_NANOS;
      table.row(
          MODES[slot].configValue(),
          String.valueOf(stats.count()),
          Stats.millis(stats.mean(), 3),
          Stats.millis(deviation, 3),
          Stats.millis(stats.min(), 3),
          Stats.millis(stats.max(), 3),
          "mean within 1 ms of 1 s",
          Table.verdict(Math.abs(deviation) <= 1_000_000));
    }
    return "### period: 1 s interval, 100 ms of work, " + PERIODS + " periods\n\n"
        + table.render()
        + "\nPeriod = the difference of consecutive run starts (System.nanoTime()) recorded by the"
        + " exporter, from its second run on (the first follows its init at once).\n";
  }
}
