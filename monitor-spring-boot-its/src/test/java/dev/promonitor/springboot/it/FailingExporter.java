package dev.promonitor.springboot.it;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import java.io.IOException;

/** Fails every export with a message that quotes a password, as a careless client library does. */
@ExporterType("it_failing")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class FailingExporter extends BaseExporter<Void> {

  @Override
  public void exportMetrics() throws IOException {
    throw new IOException("login refused: password=hunter2");
  }
}
