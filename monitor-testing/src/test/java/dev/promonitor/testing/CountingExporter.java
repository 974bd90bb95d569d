package dev.promonitor.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Counts its exports per target and records its life cycle, for the tester's own tests. */
@ExporterType("counting")
public final class CountingExporter extends BaseExporter<CountingExporter.Settings> {

  /**
   * The config.
   *
   * @param targets a label value each
   * @param step how much each export adds
   * @param secret shown masked in problems
   */
  public record Settings(@NotEmpty List<String> targets, @Positive @Nullable Integer step, @Nullable String secret) {}

  /** What was called, in order. */
  public final List<String> calls = new ArrayList<>();

  private @Nullable Counter exports;
  private @Nullable Gauge step;

  @Override
  protected void init() {
    calls.add("init " + name() + " " + logger().getName() + " " + Thread.currentThread().getContextClassLoader().equals(getClass().getClassLoader()));
    exports = Counter.build("counting_exports_total", "Exports.").labelNames("target").register(registry());
    step = Gauge.build("counting_step", "The step.").register(registry());
  }

  @Override
  public void exportMetrics() {
    calls.add("export");
    int by = config().step() == null ? 1 : config().step();
    for (String target : config().targets()) {
      exports.labels(target).inc(by);
    }
    step.set(by);
  }

  @Override
  public void close() {
    calls.add("close");
  }
}
