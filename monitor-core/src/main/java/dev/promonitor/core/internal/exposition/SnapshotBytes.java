package dev.promonitor.core.internal.exposition;

import static java.util.Objects.requireNonNull;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one snapshot's families, rendered once per format on its first request and kept as
 * long as the snapshot is served: every later scrape writes them as they are, and concurrent
 * scrapes share one rendering. The families must never change (a snapshot's are frozen).
 */
public final class SnapshotBytes {

  /** The samples that the text format writes as gauges of their own, after every family. */
  private static final List<String> TEXT_EXTRA_SUFFIXES = List.of("_created", "_gcount", "_gsum");

  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** Increasing in the JVM: of two snapshots of one owner, the later has the higher one. */
  final long sequence = SEQUENCE.incrementAndGet();

  /** The families, or null when they are made by {@link #made}. */
  private final @Nullable List<MetricFamilySamples> families;
  private final @Nullable Supplier<List<MetricFamilySamples>> made;
  private @Nullable List<FamilyBytes> text;
  private @Nullable List<FamilyBytes> openMetrics;
  /** An earlier collection's families and renderings, whose equal families need no rendering. */
  private @Nullable List<MetricFamilySamples> earlierFamilies;
  private @Nullable List<FamilyBytes> earlierText;
  private @Nullable List<FamilyBytes> earlierOpenMetrics;

  /**
   * Keeps the families for a rendering on demand.
   *
   * @param families frozen families
   */
  public SnapshotBytes(List<MetricFamilySamples> families) {
    this.families = requireNonNull(families, "families must not be null");
    this.made = null;
  }

  /**
   * Keeps only a way to make the families, for a rendering on demand: what is kept is then the
   * bytes, not the families' objects, which can outweigh them several times.
   *
   * @param families makes equal families at every call, once per format rendered
   */
  public SnapshotBytes(Supplier<List<MetricFamilySamples>> families) {
    this.families = null;
    this.made = requireNonNull(families, "families must not be null");
  }

  /**
   * Keeps the families for a rendering on demand, in which a family equal to the one at the same
   * place in {@code earlier} takes the bytes {@code earlier} rendered for it (if it did by now).
   * Only those renderings are kept, not {@code earlier} itself, so that no chain of collections
   * stays reachable.
   *
   * @param families frozen families
   * @param earlier the bytes of the same collectors' last collection
   */
  public SnapshotBytes(List<MetricFamilySamples> families, SnapshotBytes earlier) {
    this(families);
    synchronized (earlier) {
      this.earlierFamilies = earlier.families;
      this.earlierText = earlier.text;
      this.earlierOpenMetrics = earlier.openMetrics;
    }
  }

  /** The families in {@code format}, rendered on the first call for it. */
  synchronized List<FamilyBytes> families(Format format) {
    List<FamilyBytes> done = format == Format.TEXT ? text : openMetrics;
    if (done == null) {
      done = render(format);
      if (format == Format.TEXT) {
        text = done;
      } else {
        openMetrics = done;
      }
    }
    return done;
  }

  /** Whether {@code format} has been rendered (for tests). */
  synchronized boolean isRendered(Format format) {
    return (format == Format.TEXT ? text : openMetrics) != null;
  }

  private List<FamilyBytes> render(Format format) {
    List<FamilyBytes> earlier = format == Format.TEXT ? earlierText : earlierOpenMetrics;
    List<MetricFamilySamples> earlierOnes = earlierFamilies;
    if (format == Format.TEXT) {
      earlierText = null;
    } else {
      earlierOpenMetrics = null;
    }
    List<MetricFamilySamples> all = families != null ? families : requireNonNull(made).get();
    List<FamilyBytes> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      MetricFamilySamples family = all.get(i);
      if (earlier != null
          && earlierOnes != null
          && i < earlier.size()
          && earlierOnes.get(i).equals(family)) {
        out.add(earlier.get(i));
      } else if (format == Format.TEXT) {
        out.add(renderText(family));
      } else {
        out.add(render(format, family, List.of()));
      }
    }
    if (earlierText == null && earlierOpenMetrics == null) {
      earlierFamilies = null;
    }
    return List.copyOf(out);
  }

  /** As simpleclient's {@code write004}: the OpenMetrics-only samples become gauges of their own. */
  private static FamilyBytes renderText(MetricFamilySamples family) {
    List<Sample> main = new ArrayList<>(family.samples.size());
    Map<String, List<Sample>> extras = new TreeMap<>();
    for (Sample sample : family.samples) {
      String extra = extraName(family.name, sample.name);
      if (extra == null) {
        main.add(sample);
      } else {
        extras.computeIfAbsent(extra, name -> new ArrayList<>()).add(sample);
      }
    }
    if (extras.isEmpty()) {
      return render(Format.TEXT, family, List.of());
    }
    List<FamilyBytes> extraBytes = new ArrayList<>(extras.size());
    extras.forEach(
        (name, samples) ->
            extraBytes.add(
                render(
                    Format.TEXT,
                    new MetricFamilySamples(name, Collector.Type.GAUGE, family.help, samples),
                    List.of())));
    return render(Format.TEXT, withSamples(family, main), extraBytes);
  }

  private static @Nullable String extraName(String family, String sample) {
    for (String suffix : TEXT_EXTRA_SUFFIXES) {
      if (sample.length() == family.length() + suffix.length()
          && sample.startsWith(family)
          && sample.endsWith(suffix)) {
        return sample;
      }
    }
    return null;
  }

  private static FamilyBytes render(
      Format format, MetricFamilySamples family, List<FamilyBytes> extras) {
    Slice samples = format.family(family, withSamples(family, List.of()));
    return new FamilyBytes(
        family.name,
        family.type,
        new Slice(samples.array(), 0, samples.offset()),
        samples,
        extras);
  }

  private static MetricFamilySamples withSamples(MetricFamilySamples family, List<Sample> samples) {
    return family.unit == null || family.unit.isEmpty()
        ? new MetricFamilySamples(family.name, family.type, family.help, samples)
        : new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples);
  }
}
