package dev.promonitor.benchmarks;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import java.net.InetSocketAddress;

/**
 * The baseline of the HTTP benchmark, started as a process of its own: simpleclient's own {@code
 * HTTPServer} (the JDK's server, its default 5 threads) serving one gauge with {@code series}
 * label values and the JVM's metrics, as the runner serves {@code bench_noop} instances; or, with
 * a number of instances after it, {@code series} series for each of them, as the runner serves
 * {@code bench_large} instances.
 */
public final class BareHttpServer {

  private BareHttpServer() {}

  /**
   * Serves until killed.
   *
   * @param args the number of series, and optionally the number of large instances
   * @throws Exception when the port cannot be bound
   */
  public static void main(String[] args) throws Exception {
    int series = Integer.parseInt(args[0]);
    CollectorRegistry registry = new CollectorRegistry();
    DefaultExports.register(registry);
    if (args.length > 1) {
      Gauge large =
          Gauge.build("bench_large_value", "One of many series.")
              .labelNames("exporter", "i")
              .register(registry);
      for (int instance = 0; instance < Integer.parseInt(args[1]); instance++) {
        for (int i = 0; i < series; i++) {
          large.labels("l" + instance, Integer.toString(i)).set(i);
        }
      }
    } else {
      Gauge gauge =
          Gauge.build("bench_noop_value", "A constant.").labelNames("exporter").register(registry);
      for (int i = 0; i < series; i++) {
        gauge.labels("n" + i).set(1);
      }
    }
    try (HTTPServer server = new HTTPServer(new InetSocketAddress("127.0.0.1", 0), registry, true)) {
      System.out.println("bare simpleclient serving metrics on http://127.0.0.1:" + server.getPort() + "/metrics");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
