package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** An exporter whose config has a constraint, for validation of configs built in code. */
@ExporterType("validated")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class ValidatedExporter extends BaseExporter<ValidatedExporter.Settings> {

  /** A list that must not be empty, and a secret. */
  public record Settings(@NotEmpty List<String> paths, String password) {}

  @Override
  public void exportMetrics() {}
}
