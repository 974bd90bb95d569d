package dev.promonitor.core.internal.config;

import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says which keys of a config file an embedded host does not apply, instead of ignoring them
 * silently: the listen address when the host serves no HTTP of its own, and the {@code logging}
 * section, which a library leaves to the application (it logs through SLF4J and never
 * reconfigures the application's logging).
 */
public final class EmbeddedConfigNotes {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private EmbeddedConfigNotes() {}

  /**
   * The keys of {@code config} that an embedded host leaves unused.
   *
   * @param config a config loaded from a file for an embedded host
   * @param servesHttp whether the host serves its own HTTP endpoint
   * @return one sentence per unused key; empty when every key set is applied
   */
  public static List<String> unusedKeys(MonitorConfig config, boolean servesHttp) {
    List<String> notes = new ArrayList<>();
    AppSettings app = config.app();
    if (!servesHttp
        && (app.prometheusPort() != AppSettings.DEFAULT_PROMETHEUS_PORT
            || !app.prometheusHost().equals(AppSettings.DEFAULT_PROMETHEUS_HOST))) {
      notes.add(
          config.source()
              + ": app.prometheus_host and app.prometheus_port are not used: this host serves no"
              + " HTTP of its own (serveHttp(false)), its metrics are served by the application's"
              + " registry; remove them, or call serveHttp(true)");
    }
    if (!config.logging().equals(LoggingSettings.defaults())) {
      notes.add(
          config.source()
              + ": the logging section is not applied by an embedded host: promonitor logs through"
              + " SLF4J, and the application's logging configuration decides levels and output");
    }
    return notes;
  }

  /**
   * Logs {@link #unusedKeys} at WARN, once each.
   *
   * @param config a config loaded from a file for an embedded host
   * @param servesHttp whether the host serves its own HTTP endpoint
   */
  public static void warn(MonitorConfig config, boolean servesHttp) {
    unusedKeys(config, servesHttp).forEach(LOG::warn);
  }
}
