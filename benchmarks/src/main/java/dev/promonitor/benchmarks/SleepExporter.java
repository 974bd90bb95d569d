package dev.promonitor.benchmarks;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;

/** Blocks its thread with {@link Thread#sleep} for the work time of the running benchmark. */
@ExporterType("bench_sleep")
public final class SleepExporter extends BaseExporter<Void> {

  private int slot;
  private long workMillis;

  /** Created by the framework. */
  public SleepExporter() {
    super();
  }

  @Override
  protected void init() {
    slot = RunLog.slotOf(name());
    workMillis = RunLog.current().workNanos() / 1_000_000;
  }

  @Override
  public void exportMetrics() throws InterruptedException {
    RunLog log = RunLog.current();
    int run = log.begin(slot);
    try {
      Thread.sleep(workMillis);
    } finally {
      log.end(slot, run);
    }
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
