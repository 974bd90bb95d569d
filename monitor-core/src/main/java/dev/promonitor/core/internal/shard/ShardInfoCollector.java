package dev.promonitor.core.internal.shard;

import static java.util.Objects.requireNonNull;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/** {@code monitor_shard_info{index="1",count="3"} 1}: which shard a replica is. */
public final class ShardInfoCollector extends Collector implements Collector.Describable {

  /** The metric family name. */
  public static final String NAME = "monitor_shard_info";

  private final ShardAssignment shard;

  /**
   * Creates the collector.
   *
   * @param shard the replica's shard
   */
  public ShardInfoCollector(ShardAssignment shard) {
    this.shard = requireNonNull(shard, "shard must not be null");
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily info =
        new GaugeMetricFamily(
            NAME,
            "The shard of this replica: its index, 0 to count - 1, and the number of shards.",
            List.of("index", "count"));
    info.addMetric(List.of(Integer.toString(shard.index()), Integer.toString(shard.count())), 1);
    return List.of(info);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return collect();
  }
}
