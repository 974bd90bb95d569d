package dev.promonitor.clientjava;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import java.io.IOException;

/** Fails every export, as an exporter whose system is down does. */
@ExporterType("failing")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class FailingExporter extends BaseExporter<Void> {

  @Override
  public void exportMetrics() throws IOException {
    throw new IOException("the monitored system is down");
  }
}
