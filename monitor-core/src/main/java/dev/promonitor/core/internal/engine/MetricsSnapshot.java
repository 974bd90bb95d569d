package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.exposition.SnapshotBytes;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run of an instance exported (or what the fleet serves, when merged), frozen: the
 * families are copied when the snapshot is taken and never change, so that any number of scrapes
 * can share one snapshot without running exporter code or copying it.
 *
 * <p>Every snapshot has a generation, unique in the JVM and increasing: two reads that see the same
 * generation see the same families, so that a cache of rendered bytes can be keyed on it.
 */
public final class MetricsSnapshot {

  private static final AtomicLong GENERATIONS = new AtomicLong();

  /** The snapshot of nothing: before a first run, or after a failed one under {@code drop}. */
  public static final MetricsSnapshot EMPTY = new MetricsSnapshot(List.of(), 0);

  private final long generation;
  private final List<MetricFamilySamples> families;
  private final int series;
  private final SnapshotBytes bytes;

  private MetricsSnapshot(List<MetricFamilySamples> families, int series) {
    this.generation = GENERATIONS.incrementAndGet();
    this.families = families;
    this.series = series;
    this.bytes = new SnapshotBytes(families);
  }

  /**
   * Freezes collected families: each family and its list of samples are copied, so that a
   * collector that reuses or changes its objects later cannot change the snapshot.
   *
   * @param collected the families, as a registry's collection returned them
   * @return the snapshot
   */
  public static MetricsSnapshot copyOf(List<MetricFamilySamples> collected) {
    requireNonNull(collected, "collected must not be null");
    // Into an immutable list of its own (one object for one or two families): the snapshots of the
    // latest runs are what a young collection copies, one per instance.
    MetricFamilySamples[] families = new MetricFamilySamples[collected.size()];
    int series = 0;
    for (int i = 0; i < families.length; i++) {
      MetricFamilySamples family = collected.get(i);
      List<MetricFamilySamples.Sample> samples = List.copyOf(family.samples);
      series += samples.size();
      families[i] = frozen(family, samples);
    }
    return new MetricsSnapshot(List.of(families), series);
  }

  /**
   * Whether collected families are, to the bit, what this snapshot holds: the same families in the
   * same order, with the same name, type, help and unit, and the same samples (names, labels,
   * exemplars, timestamps, and values compared by their bits, so that {@code -0.0} and {@code 0.0}
   * differ and a {@code NaN} equals itself). A run whose collection this snapshot holds keeps it
   * served, with its rendered bytes, and leaves no new objects for the collector to copy.
   *
   * @param collected the families, as a registry's collection returned them
   * @return {@code true} when serving this snapshot serves exactly them
   */
  public boolean holds(List<MetricFamilySamples> collected) {
    if (collected.size() != families.size()) {
      return false;
    }
    for (int i = 0; i < families.size(); i++) {
      if (!sameFamily(families.get(i), collected.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameFamily(MetricFamilySamples frozen, MetricFamilySamples family) {
    if (!frozen.name.equals(family.name)
        || frozen.type != family.type
        || !Objects.equals(frozen.help, family.help)
        || !unitOf(frozen).equals(unitOf(family))
        || frozen.samples.size() != family.samples.size()) {
      return false;
    }
    for (int i = 0; i < frozen.samples.size(); i++) {
      MetricFamilySamples.Sample a = frozen.samples.get(i);
      MetricFamilySamples.Sample b = family.samples.get(i);
      if (Double.doubleToLongBits(a.value) != Double.doubleToLongBits(b.value)
          || !a.name.equals(b.name)
          || !a.labelValues.equals(b.labelValues)
          || !a.labelNames.equals(b.labelNames)
          || !Objects.equals(a.timestampMs, b.timestampMs)
          || !Objects.equals(a.exemplar, b.exemplar)) {
        return false;
      }
    }
    return true;
  }

  /** A family's unit as {@link #frozen} keeps it: none is the empty one. */
  private static String unitOf(MetricFamilySamples family) {
    return family.unit == null ? "" : family.unit;
  }

  /**
   * A snapshot of families that are already frozen (taken from other snapshots), without copying
   * them again.
   *
   * @param families frozen families
   * @return the snapshot
   */
  static MetricsSnapshot ofFrozen(List<MetricFamilySamples> families) {
    int series = 0;
    for (MetricFamilySamples family : families) {
      series += family.samples.size();
    }
    return new MetricsSnapshot(Collections.unmodifiableList(new ArrayList<>(families)), series);
  }

  /** A family with other samples; the unit is kept only where the name carries it. */
  static MetricFamilySamples frozen(MetricFamilySamples family, List<MetricFamilySamples.Sample> samples) {
    return family.unit == null || family.unit.isEmpty()
        ? new MetricFamilySamples(family.name, family.type, family.help, samples)
        : new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples);
  }

  /**
   * Unique in the JVM and increasing: a newer snapshot has a higher generation.
   *
   * @return the generation
   */
  public long generation() {
    return generation;
  }

  /**
   * The families, in the order they were collected.
   *
   * @return an unmodifiable list whose families must not be changed
   */
  public List<MetricFamilySamples> families() {
    return families;
  }

  /**
   * The families rendered as scrapes serve them, once per format and only when asked for.
   *
   * @return the snapshot's bytes
   */
  public SnapshotBytes bytes() {
    return bytes;
  }

  /**
   * The number of samples in all families.
   *
   * @return the series count
   */
  public int series() {
    return series;
  }

  @Override
  public String toString() {
    return "MetricsSnapshot[generation=" + generation + ", families=" + families.size() + ", series=" + series + "]";
  }
}
