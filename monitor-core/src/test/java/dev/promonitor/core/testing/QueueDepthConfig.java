package dev.promonitor.core.testing;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * The README's example config.
 *
 * @param queues the queues to measure
 * @param metricName the gauge's name
 */
public record QueueDepthConfig(@NotEmpty List<String> queues, String metricName) {

  /** Applies the default metric name. */
  public QueueDepthConfig {
    metricName = metricName == null ? "queue_depth_messages" : metricName;
  }
}
