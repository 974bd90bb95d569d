package dev.promonitor.runner.training;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import org.jspecify.annotations.Nullable;

/**
 * The exporter of the build's class-data training run ({@link ArchiveTraining}): it exports a
 * gauge and a counter, and takes no config, so that the archive holds the classes of the runner's
 * own paths and not those that an exporter's config class pulls in (databind to bind it,
 * Hibernate Validator to check its constraints): every archived class is resident in every
 * runner, used or not (benchmarks/RESULTS.md). The training run packs it into a plugin jar of its
 * own.
 */
@ExporterType("promonitor_training")
public final class TrainingExporter extends BaseExporter<Void> {

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
      value.labels(name()).set(1);
      runs.inc();
    }
  }

  /** Holds nothing to release; narrows {@code throws Exception} so that {@code -Xlint:try} is clean. */
  @Override
  public void close() {}
}
