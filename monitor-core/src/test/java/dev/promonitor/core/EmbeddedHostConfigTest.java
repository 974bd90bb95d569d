package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.LogLines;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded host says which keys of its config file it does not apply. */
class EmbeddedHostConfigTest {

  @TempDir Path dir;

  @Test
  void hostWithoutHttpWarnsThatTheListenAddressAndTheLoggingSectionAreNotApplied()
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("monitor.yml"),
            """
            app:
              prometheus_port: 9400
            logging:
              level: DEBUG
            exporters: []
            """);

    try (LogLines log = LogLines.of("dev.promonitor.core.host");
        ExporterHost host =
            ExporterHost.builder().configFile(file).registry(new CollectorRegistry(true)).build()) {
      assertThat(log.lines("WARN"))
          .containsExactly(
              "WARN "
                  + file
                  + ": app.prometheus_host and app.prometheus_port are not used: this host serves"
                  + " no HTTP of its own (serveHttp(false)), its metrics are served by the"
                  + " application's registry; remove them, or call serveHttp(true)",
              "WARN "
                  + file
                  + ": the logging section is not applied by an embedded host: promonitor logs"
                  + " through SLF4J, and the application's logging configuration decides levels"
                  + " and output");
    }
  }

  @Test
  void configThatSetsNeitherIsLoadedWithoutAWarning() throws Exception {
    Path file = Files.writeString(dir.resolve("monitor.yml"), "exporters: []\n");

    try (LogLines log = LogLines.of("dev.promonitor.core.host");
        ExporterHost host =
            ExporterHost.builder().configFile(file).registry(new CollectorRegistry(true)).build()) {
      assertThat(log.lines("WARN")).isEmpty();
    }
  }
}
