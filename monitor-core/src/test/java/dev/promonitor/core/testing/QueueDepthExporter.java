package dev.promonitor.core.testing;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.util.Map;

/** The README's example exporter, with a fake broker behind it. */
@ExporterType("queue_depth")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class QueueDepthExporter extends BaseExporter<QueueDepthConfig> {

  /** Stands for a message broker's client. */
  public static final class FakeBroker {
    private final Map<String, Integer> depths = Map.of("orders", 12, "invoices", 3);

    double depth(String queue) throws IOException {
      Integer depth = depths.get(queue);
      if (depth == null) {
        throw new IOException("no such queue: " + queue);
      }
      return depth;
    }
  }

  private final FakeBroker broker = new FakeBroker();
  private Gauge depth;

  @Override
  protected void init() {
    depth =
        Gauge.build(config().metricName(), "Messages waiting in a queue.")
            .labelNames("queue")
            .register(registry());
  }

  @Override
  public void exportMetrics() throws IOException {
    for (String queue : config().queues()) {
      depth.labels(queue).set(broker.depth(queue));
    }
  }
}
