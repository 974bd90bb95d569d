package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.internal.Suggestions;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.config.Sharding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code exporters} list: checks each entry's keys, resolves the type of each enabled
 * entry in the catalog, binds its {@code config} to the type's config class and validates it.
 */
final class ExporterSectionReader {

  private static final JsonPointer EXPORTERS = JsonPointer.compile("/exporters");

  private final ExporterCatalog catalog;
  private final AppSettings app;
  private final boolean appTimeoutSet;
  private final ConfigBinder binder;
  private final ConstraintChecker checker;
  private final Problems problems;

  ExporterSectionReader(
      ExporterCatalog catalog,
      AppSectionReader.Section app,
      ConfigBinder binder,
      ConstraintChecker checker,
      Problems problems) {
    this.catalog = catalog;
    this.app = app.settings();
    this.appTimeoutSet = app.timeoutSet();
    this.binder = binder;
    this.checker = checker;
    this.problems = problems;
  }

  /**
   * Reads the list.
   *
   * @param seen the qualified names of the enabled entries read so far, also from other files,
   *     with where they stand; this list's entries are added
   */
  List<ExporterEntry> read(@Nullable JsonNode section, Map<String, ConfigLocation> seen) {
    if (section == null || section.isNull()) {
      return List.of();
    }
    if (!section.isArray()) {
      problems.add(EXPORTERS, "expecting a list");
      return List.of();
    }
    List<ExporterEntry> entries = new ArrayList<>();
    for (int index = 0; index < section.size(); index++) {
      readEntry(index, section.get(index), seen).ifPresent(entries::add);
    }
    return entries;
  }

  private Optional<ExporterEntry> readEntry(
      int index, JsonNode node, Map<String, ConfigLocation> seen) {
    JsonPointer at = EXPORTERS.appendIndex(index);
    int before = problems.count();
    RawSections.Exporter raw = SectionBinder.bind(node, at, RawSections.Exporter.class, problems);
    if (raw == null || !node.isObject()) {
      return Optional.empty();
    }
    String type = raw.type();
    if (type == null && !node.has("type")) {
      problems.addWithoutFound(at, "missing required key 'type'");
    } else if (!problems.touches(at.appendProperty("type")) && (type == null || type.isBlank())) {
      problems.add(
          at.appendProperty("type"), type == null ? "expecting a string" : "must not be blank");
    }
    if (node.has("enabled") && node.get("enabled").isNull()) {
      problems.add(at.appendProperty("enabled"), "expecting true or false");
    }
    boolean enabled = raw.enabled() == null || raw.enabled();
    ConfigLocation location = problems.document().locationOf(at);
    SectionRanges.atLeast(raw.maxSeries(), 0, at.appendProperty("max_series"), problems);
    ExporterSchedule schedule = schedule(raw, at);
    Sharding sharding =
        raw.sharding() == null
            ? Sharding.HASH
            : AppSectionReader.named(
                    raw.sharding(),
                    at.appendProperty("sharding"),
                    Sharding.values(),
                    Sharding::configValue,
                    problems)
                .orElse(Sharding.HASH);
    boolean resolvable =
        type != null
            && !type.isBlank()
            && !problems.touches(at.appendProperty("type"))
            && !problems.touches(at.appendProperty("enabled"));
    if (!resolvable) {
      return Optional.empty();
    }
    // Wrong other keys (a misspelt one, a name that is not a string) do not keep the config from
    // being checked in this run.
    boolean shapeIsValid = problems.count() == before;
    if (!enabled) {
      // As in the Python framework, a disabled entry is neither resolved nor bound: a broken one is harmless.
      return shapeIsValid
          ? Optional.of(
              EntrySource.entry(
                  type, raw.name(), false, null, null, schedule, sharding,
                  new EntrySource(index, location, Set.of())))
          : Optional.empty();
    }
    Optional<ExporterProvider> provider = catalog.find(type);
    if (provider.isEmpty()) {
      problems.add(at.appendProperty("type"), Suggestions.unknownExporterType(type, catalog.types(), catalog.whyNothingProvides()));
      return Optional.empty();
    }
    Object config = bindConfig(provider.get(), raw.config(), at);
    if (!shapeIsValid) {
      return Optional.empty();
    }
    ExporterEntry entry =
        EntrySource.entry(
            type,
            raw.name(),
            true,
            provider.get(),
            config,
            schedule,
            sharding,
            new EntrySource(
                index, location, problems.document().maskedUnder(at.appendProperty("config"))));
    ConfigLocation first = seen.putIfAbsent(entry.qualifiedName(), location);
    if (first != null) {
      String where =
          first.source().equals(location.source())
              ? "at line " + first.line()
              : "in " + first;
      problems.addWithoutFound(
          at,
          "another enabled entry, "
              + where
              + ", has the same type and name '"
              + entry.qualifiedName()
              + "'; give each a distinct name");
    }
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /**
   * The entry's schedule: each key it sets, else the app's default of the same name; the timeout
   * defaults to the app's timeout when the app sets one, else to the entry's own interval.
   */
  private ExporterSchedule schedule(RawSections.Exporter raw, JsonPointer at) {
    ExporterSchedule defaults = app.schedule();
    Duration interval =
        AppSectionReader.seconds(
                raw.exportIntervalSeconds(), at.appendProperty("export_interval_seconds"), true, problems)
            .orElse(defaults.interval());
    Duration timeout =
        AppSectionReader.seconds(raw.timeoutSeconds(), at.appendProperty("timeout_seconds"), true, problems)
            .orElse(appTimeoutSet ? defaults.timeout() : interval);
    Duration initialDelay =
        AppSectionReader.seconds(
                raw.initialDelaySeconds(), at.appendProperty("initial_delay_seconds"), false, problems)
            .orElse(defaults.initialDelay());
    Duration jitter =
        AppSectionReader.seconds(raw.jitterSeconds(), at.appendProperty("jitter_seconds"), false, problems)
            .orElse(defaults.jitter());
    FailurePolicy onFailure =
        raw.onFailure() == null
            ? defaults.onFailure()
            : AppSectionReader.named(
                    raw.onFailure(),
                    at.appendProperty("on_failure"),
                    FailurePolicy.values(),
                    FailurePolicy::configValue,
                    problems)
                .orElse(defaults.onFailure());
    int maxSeries =
        raw.maxSeries() != null && raw.maxSeries() >= 0 ? raw.maxSeries() : defaults.maxSeries();
    return new ExporterSchedule(interval, timeout, initialDelay, jitter, onFailure, maxSeries);
  }

  private @Nullable Object bindConfig(
      ExporterProvider provider, @Nullable JsonNode config, JsonPointer entry) {
    JsonPointer at = entry.appendProperty("config");
    boolean empty = config == null || config.isNull() || config.isObject() && config.isEmpty();
    if (!provider.takesConfig()) {
      if (!empty) {
        problems.add(at, "exporter type '" + provider.type() + "' takes no config");
      }
      return null;
    }
    if (!empty && !config.isObject()) {
      problems.add(at, "expecting a mapping");
      return null;
    }
    // An empty mapping rather than no value, so that the config class's defaults apply.
    JsonNode mapping = empty ? JsonNodeFactory.instance.objectNode() : config;
    int before = problems.count();
    Object bound = binder.bind(mapping, at, provider.configClass(), problems);
    if (bound == null) {
      if (problems.count() == before) {
        problems.addWithoutFound(at, "cannot be bound to " + provider.configClass().getName());
      }
      return null;
    }
    checker.check(bound, at, problems);
    return bound;
  }
}
