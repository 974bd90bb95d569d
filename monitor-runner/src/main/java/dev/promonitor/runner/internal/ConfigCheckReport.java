package dev.promonitor.runner.internal;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.config.EntrySource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@code --check-config} prints when everything is valid: the files read, the entries, the
 * exporter types found and the endpoint, as {@code promtool check config} sums a config up.
 */
public final class ConfigCheckReport {

  private ConfigCheckReport() {}

  /**
   * Renders the summary.
   *
   * @param config the loaded config
   * @param catalog the discovered exporter types
   * @param web the web config, {@link WebConfig#none()} without one
   * @return several lines
   */
  public static String render(MonitorConfig config, ExporterCatalog catalog, WebConfig web) {
    StringBuilder text = new StringBuilder();
    Set<String> files = new LinkedHashSet<>();
    files.add(config.source());
    config.exporters().forEach(entry -> files.add(EntrySource.of(entry).location().source()));
    long enabled = config.exporters().stream().filter(ExporterEntry::enabled).count();
    text.append("SUCCESS: ")
        .append(config.source())
        .append(" is valid: ")
        .append(config.exporters().size())
        .append(" exporter entries (")
        .append(enabled)
        .append(" enabled)");
    if (files.size() > 1) {
      text.append(", read from ").append(files.size()).append(" files");
    }
    text.append('\n');
    for (String file : files) {
      text.append("  ").append(file).append('\n');
    }
    if (web != WebConfig.none()) {
      text.append("SUCCESS: web config ")
          .append(web.source())
          .append(" is valid: ")
          .append(web.tls().isPresent() ? "TLS" : "no TLS")
          .append(", basic auth ")
          .append(web.basicAuthUsers().isEmpty() ? "off" : web.basicAuthUsers().size() + " user(s)")
          .append('\n');
    }
    text.append("SUCCESS: ").append(catalog.types().size()).append(" exporter type(s) loaded\n");
    for (ExporterProvider provider : catalog.providers()) {
      text.append("  ")
          .append(provider.type())
          .append(": ")
          .append(provider.exporterClass().getName())
          .append(" (")
          .append(provider.source())
          .append(")\n");
    }
    text.append("Would serve /metrics on ")
        .append(config.app().prometheusHost())
        .append(':')
        .append(config.app().prometheusPort())
        .append("; no exporter was created and no port bound.\n");
    return text.toString();
  }
}
