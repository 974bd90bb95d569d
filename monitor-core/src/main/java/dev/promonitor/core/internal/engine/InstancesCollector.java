package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what every instance registered, as one collector in the host's registry. Families of the
 * same name from several instances (two instances of one type) are merged into one family; an
 * instance whose collectors throw at scrape time is left out of that scrape instead of failing it;
 * an instance that has not succeeded yet, or whose last run failed under the {@code drop} policy,
 * is left out until its next success.
 */
public final class InstancesCollector extends Collector {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  private final Supplier<List<ExporterInstance>> instances;
  private final Set<String> reportedProblems = ConcurrentHashMap.newKeySet();

  /**
   * Creates the collector.
   *
   * @param instances the instances whose registries it serves, read at every scrape
   */
  public InstancesCollector(Supplier<List<ExporterInstance>> instances) {
    this.instances = requireNonNull(instances, "instances must not be null");
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return collect(null);
  }

  @Override
  public List<MetricFamilySamples> collect(@Nullable Predicate<String> sampleNameFilter) {
    Map<String, MetricFamilySamples> merged = new LinkedHashMap<>();
    for (ExporterInstance instance : instances.get()) {
      if (!instance.isServable()) {
        continue;
      }
      List<MetricFamilySamples> families;
      try {
        families = collectFrom(instance, sampleNameFilter);
      } catch (RuntimeException failure) {
        reportOnce(
            instance.qualifiedName() + "/collect",
            "Metrics of exporter '{}' were left out of a scrape: its collectors threw {}",
            instance.qualifiedName(),
            failure);
        continue;
      }
      for (MetricFamilySamples family : families) {
        MetricFamilySamples previous = merged.get(family.name);
        if (previous == null) {
          merged.put(family.name, family);
        } else if (previous.type != family.type) {
          reportOnce(
              instance.qualifiedName() + "/type/" + family.name,
              "Metric '{}' of exporter '{}' was left out: another exporter serves it as {}",
              family.name,
              instance.qualifiedName(),
              previous.type);
        } else {
          List<MetricFamilySamples.Sample> samples = new ArrayList<>(previous.samples);
          samples.addAll(family.samples);
          merged.put(
              family.name,
              new MetricFamilySamples(
                  previous.name, previous.unit, previous.type, previous.help, samples));
        }
      }
    }
    return new ArrayList<>(merged.values());
  }

  private static List<MetricFamilySamples> collectFrom(
      ExporterInstance instance, @Nullable Predicate<String> sampleNameFilter) {
    Enumeration<MetricFamilySamples> families =
        sampleNameFilter == null
            ? instance.registry().metricFamilySamples()
            : instance.registry().filteredMetricFamilySamples(sampleNameFilter);
    return Collections.list(families);
  }

  private void reportOnce(String key, String message, Object... arguments) {
    if (reportedProblems.add(key)) {
      LOG.warn(message, arguments);
    }
  }
}
