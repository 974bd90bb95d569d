package dev.promonitor.modulepath.clientjava;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;

/** Counts its exports, for {@link ClientJavaModulePathMain}. */
@ExporterType("tick")
public final class TickExporter extends BaseExporter<Void> {

  private Counter ticks;

  @Override
  protected void init() {
    ticks = Counter.build("ticks", "Exports so far.").register(registry());
  }

  @Override
  public void exportMetrics() {
    ticks.inc();
  }
}
