package dev.promonitor.core.internal.exposition;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The last assembly of each format that one endpoint's scrapes wrote, so that scrapes between two
 * runs write the same one, and so that of the scrapes that find their snapshots changed, one
 * assembles them and the others, waiting meanwhile, write its assembly.
 */
public final class Assemblies {

  private final AtomicReference<@Nullable Exposition> text = new AtomicReference<>();
  private final AtomicReference<@Nullable Exposition> openMetrics = new AtomicReference<>();
  private final ReentrantLock textAssembly = new ReentrantLock();
  private final ReentrantLock openMetricsAssembly = new ReentrantLock();

  AtomicReference<@Nullable Exposition> last(Format format) {
    return format == Format.TEXT ? text : openMetrics;
  }

  ReentrantLock assembly(Format format) {
    return format == Format.TEXT ? textAssembly : openMetricsAssembly;
  }

  /** Whether a scrape waits for another's assembly (for tests). */
  boolean anyWaiting(Format format) {
    return assembly(format).hasQueuedThreads();
  }
}
