package dev.promonitor.runner.internal;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.config.ConfigRendering;
import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.internal.engine.WorkerThreads;
import java.util.List;
import java.util.Objects;

/** What {@code --dry-run} prints: the config as understood, with secrets masked. */
public final class DryRunReport {

  private DryRunReport() {}

  /**
   * Renders the report, with the endpoint's security from the config's web config.
   *
   * @param config the loaded config
   * @param catalog the discovered exporter types
   * @return the report, several lines
   */
  public static String render(MonitorConfig config, ExporterCatalog catalog) {
    AppSettings app = config.app();
    WebConfig web = config.webConfig();
    List<ExporterEntry> enabled = config.shardExporters();
    StringBuilder text = new StringBuilder();
    text.append("Config ").append(config.source()).append(" is valid.\n");
    text.append("Exporter types found: ")
        .append(catalog.types().isEmpty() ? "none" : String.join(", ", catalog.types()))
        .append('\n');
    text.append("Would serve /metrics on ")
        .append(app.prometheusHost())
        .append(':')
        .append(app.prometheusPort())
        .append(", running ")
        .append(enabled.size())
        .append(" exporter(s) in ")
        .append(app.executionMode().configValue())
        .append(" mode")
        .append(app.executionMode() == ExecutionMode.SYNC
            ? " on one worker thread"
            : " with " + WorkerThreads.count(app, enabled.size()) + " worker thread(s)")
        .append(":\n");
    if (app.shardCount() > 1) {
      text.append("Shard ")
          .append(app.shardIndex())
          .append('/')
          .append(app.shardCount())
          .append(": runs ")
          .append(enabled.size())
          .append(" of the ")
          .append(config.enabledExporters().size())
          .append(" enabled entries; the others are marked with the shard that runs them\n");
    }
    if (config.hasWebConfig()) {
      text.append("Endpoint security from ")
          .append(web.source())
          .append(": ")
          .append(
              web.tls().isPresent()
                  ? "TLS " + web.tls().get().protocols() + ", client certificates: " + web.clientAuth().configValue()
                  : "no TLS")
          .append(", basic auth: ")
          .append(web.basicAuthUsers().isEmpty() ? "off" : web.basicAuthUsers().size() + " user(s)")
          .append(", headers: ")
          .append(web.headers().isEmpty() ? "none" : String.join(", ", web.headers().keySet().stream().sorted().toList()))
          .append('\n');
    }
    for (ExporterEntry entry : config.exporters()) {
      if (!entry.enabled()) {
        text.append("  - ").append(entry.qualifiedName()).append(" (disabled)\n");
        continue;
      }
      int shard = config.shardOf(entry);
      if (shard != app.shardIndex()) {
        text.append("  - ").append(entry.qualifiedName()).append(" (on shard ").append(shard).append(")\n");
        continue;
      }
      ExporterProvider provider = Objects.requireNonNull(entry.provider());
      text.append("  - ")
          .append(entry.qualifiedName())
          .append(": type ")
          .append(entry.type())
          .append(", name ")
          .append(entry.instanceName())
          .append(", every ")
          .append(Durations.seconds(entry.schedule().interval()))
          .append(", timeout ")
          .append(Durations.seconds(entry.schedule().timeout()))
          .append(offset(entry.schedule()))
          .append(", on failure ")
          .append(entry.schedule().onFailure().configValue())
          .append(provider.isAsync() ? ", asynchronous" : "")
          .append(entry.sharding() == Sharding.ALL ? ", on every shard" : "")
          .append('\n');
      text.append("      class:  ")
          .append(provider.exporterClass().getName())
          .append(" (")
          .append(provider.source())
          .append(")\n");
      if (provider.takesConfig()) {
        text.append("      config: ")
            .append(ConfigRendering.renderObject(entry.config(), EntrySource.of(entry).maskedConfigPaths()))
            .append('\n');
      }
    }
    return text.toString();
  }

  private static String offset(ExporterSchedule schedule) {
    String delay =
        schedule.initialDelay().isZero()
            ? ""
            : ", first run after " + Durations.seconds(schedule.initialDelay());
    String jitter =
        schedule.jitter().isZero() ? "" : ", jitter up to " + Durations.seconds(schedule.jitter());
    return delay + jitter;
  }
}
