package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.exposition.SnapshotScrape;
import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what every instance's last good run exported, as one collector in the host's registry:
 * it reads snapshots and never calls exporter code, so a scrape cannot hang or fail on an
 * exporter. Families of the same name from several instances (two instances of one type) are
 * merged into one family; an instance that has not succeeded yet, or whose last run failed under
 * the {@code drop} policy, is left out until its next success.
 *
 * <p>{@code /metrics} does not render these families at each scrape: it passes a {@link
 * SnapshotScrape} as the sample filter, and this collector hands it each instance's snapshot,
 * whose bytes are rendered once per format and shared by every scrape until the instance's next
 * run. Anyone else reading the registry (a filtered scrape, the Pushgateway, an application's own
 * endpoint) gets the merged families: a {@link MetricsSnapshot} built again only when an
 * instance's snapshot changed.
 */
public final class InstancesCollector extends Collector {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  private final Supplier<List<ExporterInstance>> instances;
  private final Set<String> reportedProblems = ConcurrentHashMap.newKeySet();
  private volatile Merged merged = new Merged(List.of(), MetricsSnapshot.EMPTY);

  /** A merged view and the inputs it was built from, compared by identity. */
  private record Merged(List<MetricsSnapshot> inputs, MetricsSnapshot snapshot) {}

  /**
   * Creates the collector.
   *
   * @param instances the instances whose snapshots it serves, read at every scrape
   */
  public InstancesCollector(Supplier<List<ExporterInstance>> instances) {
    this.instances = requireNonNull(instances, "instances must not be null");
  }

  /**
   * What a scrape serves now: the served snapshots of every instance, merged; the same object as
   * long as no instance's snapshot changed.
   *
   * @return the merged snapshot
   */
  public MetricsSnapshot snapshot() {
    List<ExporterInstance> current = instances.get();
    List<MetricsSnapshot> inputs = new ArrayList<>(current.size());
    List<String> owners = new ArrayList<>(current.size());
    for (ExporterInstance instance : current) {
      MetricsSnapshot served = instance.served();
      if (served != null) {
        inputs.add(served);
        owners.add(instance.qualifiedName());
      }
    }
    Merged last = merged;
    if (sameInputs(last.inputs(), inputs)) {
      return last.snapshot();
    }
    Merged next = new Merged(inputs, merge(owners, inputs));
    merged = next;
    return next.snapshot();
  }

  private static boolean sameInputs(List<MetricsSnapshot> left, List<MetricsSnapshot> right) {
    if (left.size() != right.size()) {
      return false;
    }
    for (int i = 0; i < left.size(); i++) {
      if (left.get(i) != right.get(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return snapshot().families();
  }

  @Override
  public List<MetricFamilySamples> collect(@Nullable Predicate<String> sampleNameFilter) {
    if (sampleNameFilter instanceof SnapshotScrape scrape) {
      for (ExporterInstance instance : instances.get()) {
        MetricsSnapshot served = instance.served();
        if (served != null) {
          scrape.serve(instance.qualifiedName(), served.bytes(), this::leftOut);
        }
      }
      return List.of();
    }
    List<MetricFamilySamples> families = snapshot().families();
    if (sampleNameFilter == null) {
      return families;
    }
    List<MetricFamilySamples> filtered = new ArrayList<>();
    for (MetricFamilySamples family : families) {
      List<MetricFamilySamples.Sample> samples = new ArrayList<>();
      for (MetricFamilySamples.Sample sample : family.samples) {
        if (sampleNameFilter.test(sample.name)) {
          samples.add(sample);
        }
      }
      if (!samples.isEmpty()) {
        filtered.add(MetricsSnapshot.frozen(family, samples));
      }
    }
    return filtered;
  }

  private MetricsSnapshot merge(List<String> owners, List<MetricsSnapshot> inputs) {
    Map<String, MetricFamilySamples> merged = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      String owner = owners.get(i);
      for (MetricFamilySamples family : inputs.get(i).families()) {
        MetricFamilySamples previous = merged.get(family.name);
        if (previous == null) {
          merged.put(family.name, family);
        } else if (previous.type != family.type) {
          leftOut(owner, family.name, previous.type);
        } else {
          List<MetricFamilySamples.Sample> samples = new ArrayList<>(previous.samples);
          samples.addAll(family.samples);
          merged.put(family.name, MetricsSnapshot.frozen(previous, List.copyOf(samples)));
        }
      }
    }
    return MetricsSnapshot.ofFrozen(new ArrayList<>(merged.values()));
  }

  private void leftOut(String owner, String family, Type served) {
    if (reportedProblems.add(owner + "/type/" + family)) {
      LOG.warn(
          "Metric '{}' of exporter '{}' was left out: another exporter serves it as {}",
          family,
          owner,
          served);
    }
  }
}
