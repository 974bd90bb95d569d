package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ReloadResult;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.MonitorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload changes, decided before anything changes: the running instances it keeps, the
 * entries it creates anew, the instances it removes, and the app settings that would need a
 * restart. An instance is kept when its entry is unchanged: same type, name, exporter class,
 * config (by {@code equals}) and schedule, and its {@code init} did not run past its timeout (such
 * an instance is never run again, so the reload creates it anew).
 *
 * @param kept the running instances that go on, by qualified name, in the new config's order
 * @param nextEntries the entries that run after the reload, in the new config's order
 * @param toCreate the entries of the new config to create instances for
 * @param removed the running instances that stop (changed or gone)
 * @param needsRestart the config keys of changed app settings that take effect after a restart
 */
public record ReloadPlan(
    Map<String, ExporterInstance> kept,
    List<ExporterEntry> nextEntries,
    List<ExporterEntry> toCreate,
    List<ExporterInstance> removed,
    List<String> needsRestart) {

  /** Copies the collections. */
  public ReloadPlan {
    kept = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kept));
    nextEntries = List.copyOf(nextEntries);
    toCreate = List.copyOf(toCreate);
    removed = List.copyOf(removed);
    needsRestart = List.copyOf(needsRestart);
  }

  /**
   * Compares the running config and instances with a new config.
   *
   * @param running the config running now
   * @param instances the instances running now
   * @param next the new config
   * @param nextEntries the entries of the new config that this host runs (its shard's), in order
   * @return the plan
   */
  public static ReloadPlan of(
      MonitorConfig running,
      List<ExporterInstance> instances,
      MonitorConfig next,
      List<ExporterEntry> nextEntries) {
    requireNonNull(next, "next must not be null");
    Map<String, ExporterEntry> runningEntries = new HashMap<>();
    running.enabledExporters().forEach(entry -> runningEntries.put(entry.qualifiedName(), entry));
    Map<String, ExporterInstance> byName = new HashMap<>();
    instances.forEach(instance -> byName.put(instance.qualifiedName(), instance));
    Map<String, ExporterInstance> kept = new LinkedHashMap<>();
    List<ExporterEntry> toCreate = new ArrayList<>();
    for (ExporterEntry entry : nextEntries) {
      ExporterEntry old = runningEntries.get(entry.qualifiedName());
      ExporterInstance instance = byName.get(entry.qualifiedName());
      if (old != null
          && instance != null
          && !instance.isInitAbandoned()
          && sameExporter(old, entry)) {
        kept.put(entry.qualifiedName(), instance);
      } else {
        toCreate.add(entry);
      }
    }
    List<ExporterInstance> removed =
        instances.stream().filter(instance -> !kept.containsValue(instance)).toList();
    return new ReloadPlan(
        kept, nextEntries, toCreate, removed, settingsNeedingRestart(running.app(), next.app()));
  }

  /**
   * The instances to run after the reload, in the new config's order.
   *
   * @param created the instances created for {@link #toCreate()}
   * @return kept and created instances
   */
  public List<ExporterInstance> nextInstances(List<ExporterInstance> created) {
    Map<String, ExporterInstance> createdByName = new HashMap<>();
    created.forEach(instance -> createdByName.put(instance.qualifiedName(), instance));
    List<ExporterInstance> instances = new ArrayList<>();
    for (ExporterEntry entry : nextEntries) {
      ExporterInstance instance = kept.get(entry.qualifiedName());
      instances.add(instance != null ? instance : requireNonNull(createdByName.get(entry.qualifiedName())));
    }
    return List.copyOf(instances);
  }

  /**
   * What the reload changed, once its instances were created.
   *
   * @param created the instances created for {@link #toCreate()}
   * @return the added, removed, restarted and unchanged exporters and the settings needing a
   *     restart
   */
  public ReloadResult result(List<ExporterInstance> created) {
    Set<String> removedNames = new LinkedHashSet<>();
    removed.forEach(instance -> removedNames.add(instance.qualifiedName()));
    List<String> createdNames = created.stream().map(ExporterInstance::qualifiedName).toList();
    List<String> restarted = createdNames.stream().filter(removedNames::contains).toList();
    return new ReloadResult(
        createdNames.stream().filter(name -> !removedNames.contains(name)).toList(),
        removedNames.stream().filter(name -> !restarted.contains(name)).toList(),
        restarted,
        List.copyOf(kept.keySet()),
        needsRestart);
  }

  private static boolean sameExporter(ExporterEntry running, ExporterEntry next) {
    return running.type().equals(next.type())
        && Objects.equals(running.name(), next.name())
        && requireNonNull(running.provider()).exporterClass()
            == requireNonNull(next.provider()).exporterClass()
        && Objects.equals(running.config(), next.config())
        && running.schedule().equals(next.schedule());
  }

  private static List<String> settingsNeedingRestart(AppSettings running, AppSettings next) {
    List<String> keys = new ArrayList<>();
    if (!running.prometheusHost().equals(next.prometheusHost())) {
      keys.add("app.prometheus_host");
    }
    if (running.prometheusPort() != next.prometheusPort()) {
      keys.add("app.prometheus_port");
    }
    if (running.executionMode() != next.executionMode()) {
      keys.add("app.execution_mode");
    }
    if (!Objects.equals(running.threads(), next.threads())) {
      keys.add("app.threads");
    }
    if (!Objects.equals(running.jvmMetrics(), next.jvmMetrics())) {
      keys.add("app.jvm_metrics");
    }
    if (!running.shutdownGrace().equals(next.shutdownGrace())) {
      keys.add("app.shutdown_grace_seconds");
    }
    if (running.shardCount() != next.shardCount()) {
      keys.add("app.shard_count");
    }
    if (running.shardIndex() != next.shardIndex()) {
      keys.add("app.shard_index");
    }
    if (!Objects.equals(running.webConfigFile(), next.webConfigFile())) {
      keys.add("app.web_config_file");
    }
    return keys;
  }
}
