package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.OnceRunner;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ${exporterClass}ExporterTest {

  @TempDir Path dir;

  private MonitorConfig load(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), yaml);
    return ConfigLoader.create(ExporterCatalog.of(${exporterClass}Exporter.class)).load(file);
  }

  @Test
  void exportsOneGaugePerTarget() throws Exception {
    MonitorConfig config =
        load(
            """
            exporters:
              - type: ${exporterType}
                config:
                  targets: [alpha, be]
            """);

    OnceRunner.Result result = OnceRunner.run(config, Duration.ofSeconds(30));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.exposition())
        .contains("${exporterType}_value{target=\"alpha\",} 5.0\n")
        .contains("${exporterType}_value{target=\"be\",} 2.0\n");
  }

  @Test
  void missingTargetsAreReportedWithTheirKey() {
    assertThatThrownBy(() -> load("exporters:\n  - type: ${exporterType}\n    config: {}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exporters[0].config.targets");
  }
}
