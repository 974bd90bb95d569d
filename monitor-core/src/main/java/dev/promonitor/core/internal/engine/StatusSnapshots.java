package dev.promonitor.core.internal.engine;

import dev.promonitor.core.ExporterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link ExporterStatus} of each instance from what its runs recorded and from its
 * schedule, for the status page and API: no exporter code runs.
 */
public final class StatusSnapshots {

  private StatusSnapshots() {}

  /**
   * The state of the instances now.
   *
   * @param instances the instances, in config order
   * @param scheduler when their next runs are due
   * @param timer the host's clock
   * @return one status per instance
   */
  public static List<ExporterStatus> of(
      List<ExporterInstance> instances, FixedRateScheduler scheduler, TaskTimer timer) {
    long nowNanos = timer.nanoTime();
    long nowMillis = timer.currentTimeMillis();
    List<ExporterStatus> statuses = new ArrayList<>(instances.size());
    for (ExporterInstance instance : instances) {
      RunStats.Snapshot stats = instance.stats().snapshot();
      ExporterStatus.State state;
      if (instance.isBusy()) {
        state = ExporterStatus.State.RUNNING;
      } else if (stats.lastResult() == null) {
        state = ExporterStatus.State.PENDING;
      } else {
        state =
            switch (stats.lastResult()) {
              case SUCCESS -> ExporterStatus.State.UP;
              case FAILURE, SERIES_LIMIT -> ExporterStatus.State.FAILING;
              case TIMEOUT -> ExporterStatus.State.TIMED_OUT;
            };
      }
      Instant nextRun = null;
      OptionalLong due = scheduler.nextDueNanos(instance);
      if (due.isPresent()) {
        nextRun = Instant.ofEpochMilli(nowMillis + Math.max(0, due.getAsLong() - nowNanos) / 1_000_000);
      }
      MetricsSnapshot served = instance.served();
      statuses.add(
          ExporterStatus.builder(instance.exporter().type(), instance.exporter().name())
              .interval(instance.schedule().interval())
              .timeout(instance.schedule().timeout())
              .state(state)
              .lastRunEnd(epochOrNull(stats.lastRunEpochMillis()))
              .lastRunDuration(
                  stats.lastDurationNanos() < 0 ? null : Duration.ofNanos(stats.lastDurationNanos()))
              .lastSuccess(epochOrNull(stats.lastSuccessEpochMillis()))
              .nextRun(nextRun)
              .consecutiveFailures(stats.consecutiveFailures())
              .lastError(stats.lastError())
              .successes(stats.successes())
              .failures(stats.failures() + stats.seriesLimited())
              .timeouts(stats.timeouts())
              .skipped(stats.skipped())
              .series(served == null ? 0 : served.series())
              .build());
    }
    return statuses;
  }

  private static @Nullable Instant epochOrNull(long epochMillis) {
    return epochMillis < 0 ? null : Instant.ofEpochMilli(epochMillis);
  }
}
