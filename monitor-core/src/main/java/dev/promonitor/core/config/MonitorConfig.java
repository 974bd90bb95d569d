package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A loaded, validated config: what one host runs.
 *
 * @param source the file it came from, as the user named it, or a description such as
 *     {@code <inline>}
 * @param app the {@code app} section
 * @param logging the {@code logging} section
 * @param exporters every entry of the {@code exporters} list, disabled ones included, in order
 */
public record MonitorConfig(
    String source, AppSettings app, LoggingSettings logging, List<ExporterEntry> exporters) {

  /** Checks the arguments and copies the list. */
  public MonitorConfig {
    requireNonNull(source, "source must not be null");
    requireNonNull(app, "app must not be null");
    requireNonNull(logging, "logging must not be null");
    exporters = List.copyOf(exporters);
  }

  /**
   * The entries that the host runs.
   *
   * @return the enabled entries, in order
   */
  public List<ExporterEntry> enabledExporters() {
    return exporters.stream().filter(ExporterEntry::enabled).toList();
  }
}
