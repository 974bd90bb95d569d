package dev.promonitor.runner.training;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * The exporter of the build's class-data training run ({@link ArchiveTraining}): it binds and
 * validates a config and exports a gauge and a counter, so that the archive holds the classes of
 * a typical run. The training run packs it into a plugin jar of its own.
 */
@ExporterType("promonitor_training")
public final class TrainingExporter extends BaseExporter<TrainingExporter.Config> {

  private @Nullable Gauge value;
  private @Nullable Counter runs;

  /** Created by the framework. */
  public TrainingExporter() {
    super();
  }

  @Override
  protected void init() {
    value =
        Gauge.build("promonitor_training_value", "A constant, set on every run.")
            .labelNames("label")
            .register(registry());
    runs = Counter.build("promonitor_training_runs", "Runs so far.").register(registry());
  }

  @Override
  public void exportMetrics() {
    if (value != null && runs != null) {
      value.labels(config().label()).set(1);
      runs.inc();
    }
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}

  /**
   * The config of a {@code promonitor_training} entry.
   *
   * @param label {@code label}: the value of the gauge's label; required, not blank
   */
  public record Config(@NotBlank String label) {}
}
