package dev.promonitor.modulepath;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An exporter of the class path application that ModulePathIT runs. */
@ExporterType("modular")
public final class ModularExporter extends BaseExporter<ModularExporter.Settings> {

  /**
   * The config, bound by Jackson and checked by Hibernate Validator from the module path.
   *
   * @param targets a label value each
   * @param step how much each export adds
   */
  public record Settings(@NotEmpty List<String> targets, @Positive @Nullable Integer step) {}

  private @Nullable Counter exports;

  @Override
  protected void init() {
    exports = Counter.build("modular_exports_total", "Exports.").labelNames("target").register(registry());
  }

  @Override
  public void exportMetrics() {
    for (String target : config().targets()) {
      exports.labels(target).inc(config().step() == null ? 1 : config().step());
    }
  }

  @Override
  public void close() {}
}
