package dev.promonitor.core.internal.engine;

import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps metric names unique across exporter types: two instances of one type may serve the same
 * names (they are merged), two types may not, and no exporter may take one of the host's own
 * names.
 */
public final class MetricNameGuard {

  private final Set<String> reserved;
  private volatile Set<String> application = Set.of();
  private final Map<String, Set<ExporterInstance>> owners = new HashMap<>();

  /**
   * Creates the guard.
   *
   * @param reserved the names that the host itself serves
   */
  public MetricNameGuard(Set<String> reserved) {
    this.reserved = Set.copyOf(reserved);
  }

  /**
   * Sets the names that the application's registry serves, when the host's metrics join it: an
   * exporter that claims one is refused.
   *
   * @param application the names, as simpleclient names a family
   */
  public void applicationNames(Set<String> application) {
    this.application = Set.copyOf(application);
  }

  /**
   * Claims metric names for an instance: those it registered in {@code init}, and those of every
   * snapshot, so that a metric registered later is checked too. Nothing is claimed when one name
   * is refused.
   *
   * @param instance the instance
   * @param families what it registered or exported
   * @return empty when its names are free (or already its own), else a message naming the clash
   */
  synchronized Optional<String> claim(ExporterInstance instance, List<MetricFamilySamples> families) {
    Set<String> names = new HashSet<>();
    for (MetricFamilySamples family : families) {
      if (reserved.contains(family.name)) {
        return Optional.of(
            "metric '"
                + family.name
                + "' of exporter '"
                + instance.qualifiedName()
                + "' is one of promonitor's own metric names");
      }
      if (application.contains(family.name)) {
        return Optional.of(
            "metric '"
                + family.name
                + "' of exporter '"
                + instance.qualifiedName()
                + "' is already served by the application's registry");
      }
      // Every owner of a name has one type, since a clashing claim is refused: one owner stands
      // for them all, which keeps a claim O(1) rather than O(instances) per name.
      Set<ExporterInstance> claimants = owners.get(family.name);
      if (claimants != null && !claimants.isEmpty()) {
        ExporterInstance owner = claimants.iterator().next();
        if (!owner.exporter().type().equals(instance.exporter().type())) {
          return Optional.of(clash(family.name, owner, instance));
        }
      }
      names.add(family.name);
    }
    for (String name : names) {
      owners.computeIfAbsent(name, unused -> new HashSet<>()).add(instance);
    }
    return Optional.empty();
  }

  /** Names the two exporters in a stable order, whichever initialized first. */
  private static String clash(String name, ExporterInstance owner, ExporterInstance instance) {
    boolean ownerFirst = owner.qualifiedName().compareTo(instance.qualifiedName()) <= 0;
    ExporterInstance first = ownerFirst ? owner : instance;
    ExporterInstance second = ownerFirst ? instance : owner;
    return "metric '"
        + name
        + "' is registered by exporter '"
        + first.qualifiedName()
        + "' (type "
        + first.exporter().type()
        + ") and by exporter '"
        + second.qualifiedName()
        + "' (type "
        + second.exporter().type()
        + "); metric names must be unique across exporter types";
  }

  /**
   * Gives up what an instance claimed, when its registry is cleared.
   *
   * @param instance the instance
   */
  synchronized void release(ExporterInstance instance) {
    owners.values().forEach(claimants -> claimants.remove(instance));
    owners.values().removeIf(Set::isEmpty);
  }
}
