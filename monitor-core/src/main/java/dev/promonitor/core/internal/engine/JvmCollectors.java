package dev.promonitor.core.internal.engine;

import io.prometheus.client.Collector;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.util.List;

/** The JVM's own metrics that a host serves when {@code app.jvm_metrics} asks for them. */
public final class JvmCollectors {

  private JvmCollectors() {}

  /**
   * Creates the collectors, as one: scrapes that come while it collects share that collection
   * (see {@link SharedCollection}).
   *
   * @return the collector of the JVM's process, memory, GC, threads, classes and version
   */
  public static List<Collector> create() {
    return List.of(new SharedCollection(List.of(
        new StandardExports(),
        new MemoryPoolsExports(),
        new BufferPoolsExports(),
        new GarbageCollectorExports(),
        new ThreadExports(),
        new ClassLoadingExports(),
        new VersionInfoExports())));
  }
}
