package dev.promonitor.clientjava;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;

/** Counts its exports in a counter named {@code jobs}, served as {@code jobs_total}. */
@ExporterType("counting")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class CountingExporter extends BaseExporter<Void> {

  private Counter jobs;


  @Override
  protected void init() {
    jobs = Counter.build("jobs", "Exports so far.").register(registry());
  }

  @Override
  public void exportMetrics() {
    jobs.inc();
  }
}
