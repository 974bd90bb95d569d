package dev.promonitor.core.internal.engine;

import dev.promonitor.core.internal.engine.RunStats.Result;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The end of a run whose export did not throw, on the run's own thread and under its timeout:
 * the instance's registry is collected, counted against {@code max_series}, its names checked by
 * the {@link MetricNameGuard}, and only then frozen into the snapshot that replaces the served one
 * (unless the served one holds them already: then it stays).
 */
final class RunEnd {

  private final ExporterInstance instance;
  private final ExporterCalls calls;
  private final MetricNameGuard names;
  private final RunOutcomes outcomes;
  // Touched inside the run bracket only.
  private final Set<String> claimedNames = new HashSet<>();
  /**
   * The names of the families last found all claimed, in their order: a collector gives the same
   * name objects at every run, so comparing references tells most runs apart without a hash lookup
   * (which, with thousands of instances, misses the processor's caches at every run).
   */
  private String[] lastClaimed = new String[0];

  RunEnd(ExporterInstance instance, ExporterCalls calls, MetricNameGuard names, RunOutcomes outcomes) {
    this.instance = instance;
    this.calls = calls;
    this.names = names;
    this.outcomes = outcomes;
  }

  /** Claims the names of collected families that this instance has not claimed yet. */
  Optional<String> claimNames(List<MetricFamilySamples> families) {
    if (sameNames(families)) {
      return Optional.empty();
    }
    boolean allClaimed = true;
    for (MetricFamilySamples family : families) {
      if (!claimedNames.contains(family.name)) {
        allClaimed = false;
        break;
      }
    }
    if (allClaimed) {
      remember(families);
      return Optional.empty();
    }
    Optional<String> refusal = names.claim(instance, families);
    if (refusal.isEmpty()) {
      families.forEach(family -> claimedNames.add(family.name));
      remember(families);
    }
    return refusal;
  }

  private boolean sameNames(List<MetricFamilySamples> families) {
    String[] last = lastClaimed;
    if (last.length != families.size()) {
      return false;
    }
    for (int i = 0; i < last.length; i++) {
      if (last[i] != families.get(i).name) {
        return false;
      }
    }
    return true;
  }

  private void remember(List<MetricFamilySamples> families) {
    String[] names = new String[families.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = families.get(i).name;
    }
    lastClaimed = names;
  }

  /** The end of an export that did not throw: the snapshot, checked, becomes the served one. */
  void complete(Run run) throws Throwable {
    List<MetricFamilySamples> collected;
    try {
      collected = calls.collect();
    } catch (Throwable failure) {
      outcomes.finished(run, Result.FAILURE, new RunOutcomes.CollectFailure(failure), null);
      ExporterCalls.rethrowIfFatal(failure);
      return;
    }
    int series = 0;
    for (MetricFamilySamples family : collected) {
      series += family.samples.size();
    }
    outcomes.collected(series);
    int limit = instance.schedule().maxSeries();
    if (limit > 0 && series > limit) {
      // Counted before the copy: a run over the limit costs no snapshot.
      outcomes.finished(
          run,
          Result.SERIES_LIMIT,
          new RunOutcomes.SnapshotRefusal(
              "exported " + series + " series, more than its max_series of " + limit),
          null);
      return;
    }
    MetricsSnapshot served = outcomes.served();
    if (served != null && served.holds(collected)) {
      // What is served already, its names claimed when it was: it stays, with its rendered bytes,
      // and the run leaves no copy for the collector (most runs of most exporters, whose values
      // change less often than they run).
      outcomes.finished(run, Result.SUCCESS, null, served);
      return;
    }
    MetricsSnapshot snapshot = MetricsSnapshot.copyOf(collected);
    Optional<String> refusal = claimNames(snapshot.families());
    if (refusal.isPresent()) {
      outcomes.finished(run, Result.FAILURE, new RunOutcomes.SnapshotRefusal(refusal.get()), null);
      return;
    }
    outcomes.finished(run, Result.SUCCESS, null, snapshot);
  }
}
