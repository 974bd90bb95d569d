package dev.promonitor.runner.internal;

import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.MonitorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --exporter TYPE[.NAME]}: keeps the enabled entries that one of the selectors names, by
 * type (every entry of it) or by type and name, as Telegraf's {@code --input-filter}.
 */
public final class EntrySelection {

  private EntrySelection() {}

  /**
   * The config with only the selected entries.
   *
   * @param config the loaded config
   * @param selectors each a type or a {@code type.name}
   * @return a config whose entries are the selected enabled ones, in their order
   * @throws IllegalArgumentException naming each selector that matches no enabled entry, with the
   *     entries that exist
   */
  public static MonitorConfig select(MonitorConfig config, List<String> selectors) {
    List<ExporterEntry> enabled = config.enabledExporters();
    List<String> unmatched = new ArrayList<>();
    for (String selector : selectors) {
      if (enabled.stream().noneMatch(entry -> matches(entry, selector))) {
        unmatched.add(selector);
      }
    }
    if (!unmatched.isEmpty()) {
      throw new IllegalArgumentException(
          "--exporter "
              + String.join(", --exporter ", unmatched)
              + ": no enabled entry has this type or TYPE.NAME; the enabled entries are: "
              + (enabled.isEmpty()
                  ? "none"
                  : String.join(", ", enabled.stream().map(ExporterEntry::qualifiedName).toList())));
    }
    List<ExporterEntry> selected =
        enabled.stream()
            .filter(entry -> selectors.stream().anyMatch(selector -> matches(entry, selector)))
            .toList();
    return new MonitorConfig(
        config.source(), config.app(), config.logging(), selected, config.webConfig());
  }

  private static boolean matches(ExporterEntry entry, String selector) {
    return entry.type().equals(selector) || entry.qualifiedName().equals(selector);
  }
}
