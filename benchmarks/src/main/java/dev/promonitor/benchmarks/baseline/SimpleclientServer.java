package dev.promonitor.benchmarks.baseline;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the start benchmark: simpleclient's own {@link HTTPServer} and the JVM and
 * process collectors, serving the same families and samples as the runner with {@code n}
 * {@code bench_noop} instances: their gauges and the framework's per-instance metrics.
 */
public final class SimpleclientServer {

  private SimpleclientServer() {}

  /**
   * Serves on 127.0.0.1 until killed.
   *
   * @param args the port and the number of instances
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    CollectorRegistry registry = CollectorRegistry.defaultRegistry;
    DefaultExports.initialize();
    new InstancesLikeTheRunner(instances).register(registry);
    new HTTPServer(new InetSocketAddress("127.0.0.1", port), registry, false);
  }

  /** What the runner exports for {@code bench_noop} instances, with the same names and labels. */
  private static final class InstancesLikeTheRunner extends Collector {

    private final int instances;

    InstancesLikeTheRunner(int instances) {
      this.instances = instances;
    }

    @Override
    public List<MetricFamilySamples> collect() {
      List<String> instanceLabels = List.of("exporter", "type");
      List<MetricFamilySamples> families = new ArrayList<>();
      List<MetricFamilySamples.Sample> values = new ArrayList<>();
      List<MetricFamilySamples.Sample> runs = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        values.add(new MetricFamilySamples.Sample("bench_noop_value", List.of(), List.of(), 1));
        for (String result : List.of("success", "failure", "timeout")) {
          runs.add(
              new MetricFamilySamples.Sample(
                  "monitor_exporter_runs_total",
                  List.of("exporter", "type", "result"),
                  List.of("n" + i, "bench_noop", result),
                  result.equals("success") ? 2 : 0));
        }
      }
      families.add(
          new MetricFamilySamples("bench_noop_value", Type.GAUGE, "A constant, set on every run.", values));
      families.add(
          new MetricFamilySamples(
              "monitor_exporter_runs", Type.COUNTER, "Runs of the exporter, by result.", runs));
      for (String gauge :
          List.of(
              "monitor_exporter_up",
              "monitor_exporter_skipped_runs_total",
              "monitor_exporter_last_success_timestamp_seconds",
              "monitor_exporter_last_run_duration_seconds",
              "monitor_exporter_consecutive_failures")) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          samples.add(
              new MetricFamilySamples.Sample(
                  gauge, instanceLabels, List.of("n" + i, "bench_noop"), 1));
        }
        families.add(new MetricFamilySamples(gauge, Type.GAUGE, "Per instance.", samples));
      }
      return families;
    }
  }
}
