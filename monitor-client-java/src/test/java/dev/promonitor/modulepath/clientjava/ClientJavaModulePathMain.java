package dev.promonitor.modulepath.clientjava;

import dev.promonitor.clientjava.ClientJavaHost;
import dev.promonitor.core.ExporterHost;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * Run by {@code ClientJavaModulePathIT} with promonitor's modules on the module path and this
 * class on the class path. Its package is not one of promonitor's: a package of a named module
 * hides the class path's classes of that package.
 */
public final class ClientJavaModulePathMain {

  private ClientJavaModulePathMain() {}

  /**
   * Prints one line per fact that {@code ClientJavaModulePathIT} checks.
   *
   * @param args none
   * @throws Exception when any step fails, which ends the JVM with a non-zero status
   */
  public static void main(String[] args) throws Exception {
    Module module = ClientJavaHost.class.getModule();
    System.out.println("client-java module: " + module.getName());
    System.out.println(
        "exports dev.promonitor.clientjava: " + module.isExported("dev.promonitor.clientjava"));
    PrometheusRegistry registry = new PrometheusRegistry();
    try (ClientJavaHost host =
        ClientJavaHost.start(
            ExporterHost.builder().exporter(TickExporter.class, "modular", null), registry)) {
      // The first export is due at start; the child JVM waits for it within a bound.
      long deadline = System.nanoTime() + 60_000_000_000L;
      List<String> names = List.of();
      while (!names.contains("ticks") && System.nanoTime() < deadline) {
        names = registry.scrape().stream().map(MetricSnapshot::getMetadata).map(m -> m.getName()).toList();
        Thread.sleep(20);
      }
      System.out.println("registry has ticks: " + names.contains("ticks"));
      System.out.println("registry has monitor_exporter_up: " + names.contains("monitor_exporter_up"));
    }
  }
}
