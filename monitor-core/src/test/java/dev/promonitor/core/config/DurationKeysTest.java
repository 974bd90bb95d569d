package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.core.ExporterCatalog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every {@code *_seconds} key takes a number of seconds or a Prometheus duration. */
class DurationKeysTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.create(ExporterCatalog.of(TestHeartbeatExporter.class));

  @Test
  void prometheusDurationsAreReadAsTheirSeconds() {
    MonitorConfig config =
        LOADER.parse(
            """
            app:
              export_interval_seconds: 1m30s
              timeout_seconds: 500ms
              initial_delay_seconds: 2h
              jitter_seconds: "1s"
              shutdown_grace_seconds: 1m
            exporters:
              - type: heartbeat
                export_interval_seconds: 1d
                timeout_seconds: 30s
            """,
            "monitor.yml");

    assertThat(config.app().exportInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.app().schedule().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.app().schedule().initialDelay()).isEqualTo(Duration.ofHours(2));
    assertThat(config.app().schedule().jitter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.app().shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
    ExporterSchedule entry = config.exporters().get(0).schedule();
    assertThat(entry.interval()).isEqualTo(Duration.ofDays(1));
    assertThat(entry.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void plainNumbersStaySeconds() {
    MonitorConfig config =
        LOADER.parse(
            "app:\n  export_interval_seconds: 2.5\n  timeout_seconds: \"2\"\n", "monitor.yml");

    assertThat(config.app().exportInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.app().schedule().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void somethingElseIsAnErrorThatShowsBothForms() {
    assertThatThrownBy(
            () -> LOADER.parse("app:\n  export_interval_seconds: 5 minutes\n", "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "monitor.yml:2:28: app.export_interval_seconds: expecting a number of seconds or a"
                + " duration such as 500ms, 30s, 1m30s or 2h. Found: \"5 minutes\"");
  }

  @Test
  void aZeroDurationBreaksAPositiveKeyLikeZero() {
    assertThatThrownBy(() -> LOADER.parse("app:\n  timeout_seconds: 0s\n", "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("monitor.yml:2:20: app.timeout_seconds: expecting value > 0. Found: \"0s\"");
  }
}
