package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.exposition.SnapshotBytes;
import dev.promonitor.core.internal.exposition.SnapshotScrape;
import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Collectors whose collection costs more than their values are worth at every concurrent scrape
 * (the JVM's: thread states need a safepoint, buffer pools a query of the MBean server): scrapes
 * that arrive while one collection runs, or within {@link #FRESH_NANOS} after one ended, share its
 * result and its bytes instead of each collecting and rendering again. A scrape that arrives later
 * collects afresh, so values are never older than that. A family equal to the one the last
 * collection had is not rendered again.
 *
 * <p>Without the window, scrapes that follow one another without a pause (a load test, or
 * several Prometheus servers scraping at the same moment) each ran a collection with its
 * safepoints: hundreds a second that stop every thread, for values that a scraper reads every
 * few seconds at most.
 */
final class SharedCollection extends Collector {

  /** How long after a collection ended a scrape still shares it: 100 ms. */
  static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final List<Collector> collectors;
  private final LongSupplier nanoClock;
  private final ReentrantLock collecting = new ReentrantLock();
  private volatile @Nullable Shared last;

  /** One collection: its families, their bytes rendered once per format on demand, its end. */
  private record Shared(List<MetricFamilySamples> families, SnapshotBytes bytes, long endNanos) {}

  SharedCollection(List<Collector> collectors) {
    this(collectors, System::nanoTime);
  }

  SharedCollection(List<Collector> collectors, LongSupplier nanoClock) {
    this.collectors = List.copyOf(requireNonNull(collectors, "collectors must not be null"));
    this.nanoClock = requireNonNull(nanoClock, "nanoClock must not be null");
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

  private boolean recent(@Nullable Shared shared) {
    return shared != null && nanoClock.getAsLong() - shared.endNanos() < FRESH_NANOS;
  }

  private Shared shared() {
    Shared seen = last;
    if (seen != null && recent(seen)) {
      return seen;
    }
    collecting.lock();
    try {
      Shared current = last;
      if (current != null && (current != seen || recent(current))) {
        return current; // collected while this scrape waited for the one running
      }
      List<MetricFamilySamples> families = new ArrayList<>();
      for (Collector collector : collectors) {
        families.addAll(collector.collect());
      }
      List<MetricFamilySamples> frozen = MetricsSnapshot.copyOf(families).families();
      // most families are as they were at the last collection: their bytes are taken as they are
      SnapshotBytes bytes =
          current == null ? new SnapshotBytes(frozen) : new SnapshotBytes(frozen, current.bytes());
      Shared fresh = new Shared(frozen, bytes, nanoClock.getAsLong());
      last = fresh;
      return fresh;
    } finally {
      collecting.unlock();
    }
  }
}
