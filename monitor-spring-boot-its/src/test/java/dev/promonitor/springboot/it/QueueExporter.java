package dev.promonitor.springboot.it;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Measures the depth of queues of a fixed broker; counts the closes of each instance. */
@ExporterType("it_queue")
@SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
public final class QueueExporter extends BaseExporter<QueueExporter.Settings> {

  /** close() calls by instance name. */
  public static final Map<String, AtomicInteger> CLOSES = new ConcurrentHashMap<>();

  private static final Map<String, Integer> DEPTHS = Map.of("orders", 12, "invoices", 3);

  /**
   * The queues to measure.
   *
   * @param queues their names
   */
  public record Settings(@NotEmpty List<String> queues) {}

  private Gauge depth;

  @Override
  protected void init() {
    depth =
        Gauge.build("it_queue_depth_messages", "Messages waiting in a queue.")
            .labelNames("queue")
            .register(registry());
  }

  @Override
  public void exportMetrics() {
    for (String queue : config().queues()) {
      depth.labels(queue).set(DEPTHS.getOrDefault(queue, 0));
    }
  }

  @Override
  public void close() {
    CLOSES.computeIfAbsent(name(), unused -> new AtomicInteger()).incrementAndGet();
  }
}
