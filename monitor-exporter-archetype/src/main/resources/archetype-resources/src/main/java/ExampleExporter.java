package ${package};

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;

/**
 * Exports one gauge per configured target. Replace {@link #measure(String)} with the real work.
 *
 * <p>Listed in {@code META-INF/services/dev.promonitor.api.BaseExporter}, so that the runner finds
 * it in a jar of its {@code --exporters-dir}.
 */
@ExporterType("${exporterType}")
public final class ExampleExporter extends BaseExporter<ExampleConfig> {

  private Gauge value;

  @Override
  protected void init() {
    value =
        Gauge.build(config().metricName(), "A value measured for each target.")
            .labelNames("target")
            .register(registry());
  }

  @Override
  public void exportMetrics() {
    for (String target : config().targets()) {
      value.labels(target).set(measure(target));
    }
  }

  private double measure(String target) {
    return target.length();
  }
}
