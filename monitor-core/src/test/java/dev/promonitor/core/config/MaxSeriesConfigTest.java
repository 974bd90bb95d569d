package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.core.ExporterCatalog;
import org.junit.jupiter.api.Test;

class MaxSeriesConfigTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.create(ExporterCatalog.of(TestHeartbeatExporter.class));

  @Test
  void everyEntryHasTheDefaultLimitUnlessTheAppOrTheEntrySetsOne() {
    MonitorConfig defaults = LOADER.parse("exporters:\n  - type: heartbeat\n", "monitor.yml");
    MonitorConfig set =
        LOADER.parse(
            """
            app:
              max_series: 1000
            exporters:
              - type: heartbeat
                name: inherits
              - type: heartbeat
                name: own
                max_series: 0
            """,
            "monitor.yml");

    assertThat(defaults.exporters().get(0).schedule().maxSeries())
        .isEqualTo(ExporterSchedule.DEFAULT_MAX_SERIES)
        .isEqualTo(50_000);
    assertThat(set.exporters())
        .extracting(entry -> entry.schedule().maxSeries())
        .containsExactly(1000, 0);
  }

  @Test
  void aNegativeLimitIsAnErrorWithItsLine() {
    assertThatThrownBy(
            () ->
                LOADER.parse(
                    """
                    app:
                      max_series: -1
                    exporters:
                      - type: heartbeat
                        max_series: -2
                    """,
                    "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "2 problems in the config:\n"
                + "  monitor.yml:2:15: app.max_series: expecting value >= 0. Found: -1\n"
                + "  monitor.yml:5:17: exporters[0].max_series: expecting value >= 0. Found: -2");
  }
}
