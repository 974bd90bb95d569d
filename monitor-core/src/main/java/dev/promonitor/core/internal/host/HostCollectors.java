package dev.promonitor.core.internal.host;

import dev.promonitor.core.ExporterException;
import dev.promonitor.core.Version;
import dev.promonitor.core.internal.engine.Fleet;
import dev.promonitor.core.internal.engine.HostMetricsCollector;
import dev.promonitor.core.internal.engine.InstancesCollector;
import dev.promonitor.core.internal.engine.JvmCollectors;
import dev.promonitor.core.internal.engine.ReloadStatus;
import dev.promonitor.core.internal.engine.RunDispatcher;
import dev.promonitor.core.internal.shard.ShardAssignment;
import dev.promonitor.core.internal.shard.ShardInfoCollector;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * promonitor's own collectors in a host's registry: the instances' snapshots, the host's and the
 * shard's metrics and, when asked for, the JVM's; registered at start, all taken out at the stop,
 * including one registered while the stop was going on.
 */
public final class HostCollectors {

  private final CollectorRegistry registry;
  private final List<Collector> jvmCollectors;
  private final List<Collector> registered = new ArrayList<>();
  private boolean removed;

  /**
   * @param registry the registry they join
   * @param jvmMetrics whether the JVM's collectors join it too
   */
  public HostCollectors(CollectorRegistry registry, boolean jvmMetrics) {
    this.registry = registry;
    this.jvmCollectors = jvmMetrics ? JvmCollectors.create() : List.of();
  }

  /**
   * The metric names of promonitor's own collectors, which no exporter may register.
   *
   * @return the names
   */
  public Set<String> reservedNames() {
    Set<String> reserved = new HashSet<>(HostMetricsCollector.NAMES);
    reserved.add(ShardInfoCollector.NAME);
    jvmCollectors.forEach(
        collector -> collector.collect().forEach(family -> reserved.add(family.name)));
    return reserved;
  }

  /**
   * Registers every collector.
   *
   * @throws ExporterException when the registry has one of their names already
   */
  public void registerAll(Fleet fleet, ReloadStatus reloads, ShardAssignment shard) {
    register(new InstancesCollector(fleet::instances));
    RunDispatcher dispatcher = fleet.dispatcher();
    register(
        new HostMetricsCollector(
            fleet::instances, dispatcher::abandonedThreads, reloads, Version.current()));
    register(new ShardInfoCollector(shard));
    jvmCollectors.forEach(this::register);
  }

  /** Takes every collector out of the registry; one registered later leaves at once. */
  public void unregisterAll() {
    List<Collector> leaving;
    synchronized (this) {
      removed = true;
      leaving = List.copyOf(registered);
      registered.clear();
    }
    leaving.forEach(registry::unregister);
  }

  private void register(Collector collector) {
    try {
      registry.register(collector);
    } catch (IllegalArgumentException e) {
      throw new ExporterException(
          "cannot serve promonitor's metrics in the registry: " + e.getMessage(), e);
    }
    synchronized (this) {
      if (!removed) {
        registered.add(collector);
        return;
      }
    }
    registry.unregister(collector); // stopped meanwhile: nothing may stay behind
  }
}
