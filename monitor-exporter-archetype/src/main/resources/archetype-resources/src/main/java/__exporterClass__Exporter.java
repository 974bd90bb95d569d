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
public final class ${exporterClass}Exporter extends BaseExporter<${exporterClass}Config> {

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

  /**
   * Releases what {@link #init()} opened (clients, pools); nothing yet. Declared without
   * {@code throws}: a close that cannot fail keeps callers free of checked exceptions.
   */
  @Override
  public void close() {
    // nothing to release yet
  }
}
