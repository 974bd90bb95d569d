package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.exposition.SnapshotBytes;
import dev.promonitor.core.internal.exposition.SnapshotScrape;
import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Collectors whose collection costs more than their values are worth at every concurrent scrape
 * (the JVM's: thread states need a safepoint, buffer pools a query of the MBean server): scrapes
 * that arrive while one collection runs share its result, and its bytes, instead of each
 * collecting and rendering again. A scrape that arrives when none runs collects afresh, so values
 * are never older than one collection that was running when the scrape came. A family equal to the
 * one the last collection had is not rendered again.
 */
final class SharedCollection extends Collector {

  private final List<Collector> collectors;
  private final ReentrantLock collecting = new ReentrantLock();
  private volatile @Nullable Shared last;

  /** One collection: its families, and their bytes rendered once per format on demand. */
  private record Shared(List<MetricFamilySamples> families, SnapshotBytes bytes) {}

  SharedCollection(List<Collector> collectors) {
    this.collectors = List.copyOf(requireNonNull(collectors, "collectors must not be null"));
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return shared().families();
  }

  @Override
  public List<MetricFamilySamples> collect(@Nullable Predicate<String> sampleNameFilter) {
    if (sampleNameFilter instanceof SnapshotScrape scrape) {
      scrape.serveFresh("jvm", shared().bytes());
      return List.of();
    }
    return super.collect(sampleNameFilter);
  }

  /** Whether a scrape waits for the collection that runs (for tests). */
  boolean anyWaiting() {
    return collecting.hasQueuedThreads();
  }

  private Shared shared() {
    Shared seen = last;
    collecting.lock();
    try {
      Shared current = last;
      if (current != null && current != seen) {
        return current; // collected while this scrape waited for the one running
      }
      List<MetricFamilySamples> families = new ArrayList<>();
      for (Collector collector : collectors) {
        families.addAll(collector.collect());
      }
      List<MetricFamilySamples> frozen = MetricsSnapshot.copyOf(families).families();
      // most families are as they were at the last collection: their bytes are taken as they are
      Shared fresh =
          new Shared(
              frozen,
              current == null ? new SnapshotBytes(frozen) : new SnapshotBytes(frozen, current.bytes()));
      last = fresh;
      return fresh;
    } finally {
      collecting.unlock();
    }
  }
}
