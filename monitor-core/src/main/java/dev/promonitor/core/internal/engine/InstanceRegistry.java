package dev.promonitor.core.internal.engine;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An instance's registry: simpleclient's, which also keeps its collectors in the order they were
 * registered, so that a run collects them without what {@link #metricFamilySamples()} does at
 * every call (a copy of the set of collectors into a new {@code HashSet}, then an enumeration over
 * it). With thousands of trivial instances, that copy and enumeration took a third of a run's time.
 * Everything else, duplicate names included, is simpleclient's.
 */
final class InstanceRegistry extends CollectorRegistry {

  private static final Collector[] NONE = new Collector[0];

  private final Object lock = new Object();
  private volatile Collector[] collectors = NONE;

  InstanceRegistry() {
    super(true);
  }

  @Override
  public void register(Collector collector) {
    synchronized (lock) {
      super.register(collector);
      Collector[] now = Arrays.copyOf(collectors, collectors.length + 1);
      now[now.length - 1] = collector;
      collectors = now;
    }
  }

  @Override
  public void unregister(Collector collector) {
    synchronized (lock) {
      super.unregister(collector);
      Collector[] now = collectors;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == collector) {
          Collector[] fewer = new Collector[now.length - 1];
          System.arraycopy(now, 0, fewer, 0, i);
          System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
          collectors = fewer;
          return;
        }
      }
    }
  }

  @Override
  public void clear() {
    synchronized (lock) {
      super.clear();
      collectors = NONE;
    }
  }

  /**
   * The families of every collector, as {@link #metricFamilySamples()} gives them with no filter,
   * in the order the collectors were registered.
   *
   * @return the families; with one collector its own list, which the caller does not change
   */
  List<MetricFamilySamples> collect() {
    Collector[] now = collectors;
    if (now.length == 1) {
      // Most exporters register one collector: its list as it is, without a copy at every run.
      return now[0].collect(null);
    }
    List<MetricFamilySamples> families = new ArrayList<>(now.length);
    for (Collector collector : now) {
      families.addAll(collector.collect(null));
    }
    return families;
  }
}
