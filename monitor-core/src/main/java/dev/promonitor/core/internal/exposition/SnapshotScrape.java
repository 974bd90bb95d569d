package dev.promonitor.core.internal.exposition;

import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Goes through a registry in place of a sample filter during a scrape that serves snapshots as
 * bytes: it lets every sample through, and a collector of snapshots that recognizes it hands over
 * its snapshots' bytes here instead of returning their families, so that the registry renders only
 * what is collected at each scrape (the framework's and the JVM's own metrics).
 *
 * <p>One per scrape, used by the scrape's thread only.
 */
public final class SnapshotScrape implements Predicate<String> {

  /** Told when a family is left out because another instance serves its name as another type. */
  @FunctionalInterface
  public interface Clashes {
    /**
     * Reports a family left out.
     *
     * @param owner the instance whose family is left out
     * @param family the family's name
     * @param served the type under which the name is served
     */
    void leftOut(String owner, String family, Collector.Type served);
  }

  /** One instance's snapshot, as a collector handed it over. */
  record Part(String owner, SnapshotBytes bytes, Clashes clashes) {}

  private final List<Part> parts = new ArrayList<>();
  private final List<Part> framework = new ArrayList<>();
  private final List<Part> fresh = new ArrayList<>();
  private final List<Part> last = new ArrayList<>();

  @Override
  public boolean test(String sampleName) {
    return true;
  }

  /**
   * Takes one instance's snapshot for the scrape, in the order of the instances.
   *
   * @param owner the instance's qualified name, for the report of a clash
   * @param bytes its snapshot's bytes
   * @param clashes told when one of its families is left out
   */
  public void serve(String owner, SnapshotBytes bytes, Clashes clashes) {
    parts.add(new Part(owner, bytes, clashes));
  }

  /**
   * Takes one instance's series about itself ({@code monitor_exporter_*}), which follow every
   * exporter's series whatever the order of the registry's collectors.
   *
   * @param owner the instance's qualified name
   * @param bytes the series' bytes
   */
  public void serveFramework(String owner, SnapshotBytes bytes) {
    framework.add(new Part(owner, bytes, (instance, family, served) -> {}));
  }

  /**
   * Takes series collected afresh for this scrape (the JVM's), which follow the framework's and
   * are merged with them by name; the rest of the assembly is kept from the last scrape all the
   * same.
   *
   * @param owner what collected them, for the report of a clash
   * @param bytes the series' bytes
   */
  public void serveFresh(String owner, SnapshotBytes bytes) {
    fresh.add(new Part(owner, bytes, (instance, family, served) -> {}));
  }

  /**
   * Takes series that follow everything else this scrape hands over, the text format's extra
   * gauges included: as the host-wide series were rendered after them, in a call of their own.
   *
   * @param owner what collected them
   * @param bytes the series' bytes, which must have no extra gauges (gauges have none)
   */
  public void serveLast(String owner, SnapshotBytes bytes) {
    last.add(new Part(owner, bytes, (instance, family, served) -> {}));
  }

  /**
   * The snapshots' part of the scrape's body, merged by family name.
   *
   * @param format the format asked for
   * @param previous the last scrape's, written again when it was assembled from the same snapshots
   *     (or its {@link Exposition#kept()} part, when only what was collected afresh changed)
   * @return the body's part, whose bytes are shared with other scrapes
   */
  public Exposition exposition(Format format, @Nullable Exposition previous) {
    return exposition(format, previous, stable());
  }

  /**
   * The snapshots' part of the scrape's body, from the endpoint's last assembly when that serves
   * these snapshots or later ones; else assembled by one scrape at a time, so that scrapes that
   * found the same change share one assembly.
   *
   * @param format the format asked for
   * @param assemblies the endpoint's last assemblies, updated
   * @return the body's part, whose bytes are shared with other scrapes
   */
  public Exposition exposition(Format format, Assemblies assemblies) {
    List<Part> stable = stable();
    AtomicReference<@Nullable Exposition> last = assemblies.last(format);
    Exposition previous = last.get();
    if (previous != null && previous.kept().covers(stable, format)) {
      Exposition done = exposition(format, previous, stable);
      last.compareAndSet(previous, done);
      return done;
    }
    ReentrantLock assembly = assemblies.assembly(format);
    assembly.lock();
    try {
      Exposition done = exposition(format, last.get(), stable);
      last.set(done);
      return done;
    } finally {
      assembly.unlock();
    }
  }

  private List<Part> stable() {
    List<Part> stable = new ArrayList<>(parts.size() + framework.size());
    stable.addAll(parts);
    stable.addAll(framework);
    return stable;
  }

  private Exposition exposition(Format format, @Nullable Exposition previous, List<Part> stable) {
    Exposition before = previous == null ? null : previous.kept();
    Exposition kept =
        before != null && before.covers(stable, format) ? before : Exposition.of(stable, format);
    if (fresh.isEmpty() && last.isEmpty()) {
      return kept;
    }
    if (previous != null && previous.isAround(kept, fresh, last)) {
      return previous; // concurrent scrapes that shared one collection of the fresh series
    }
    Exposition lastPart = Exposition.of(last, format);
    Exposition freshPart = Exposition.of(fresh, format);
    Exposition around = kept.around(freshPart, lastPart);
    if (around != null) {
      return around;
    }
    // a fresh family shares a name with a kept one: everything merged, as one assembly
    List<Part> all = new ArrayList<>(stable.size() + fresh.size());
    all.addAll(stable);
    all.addAll(fresh);
    return Exposition.of(all, format).followedBy(lastPart, kept);
  }
}
