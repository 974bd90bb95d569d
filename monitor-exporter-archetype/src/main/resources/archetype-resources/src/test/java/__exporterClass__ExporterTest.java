package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.ConfigException;
import dev.promonitor.testing.ExporterTester;
import dev.promonitor.testing.Samples;
import org.junit.jupiter.api.Test;

class ${exporterClass}ExporterTest {

  @Test
  void exportsOneGaugePerTarget() throws Exception {
    Samples samples =
        ExporterTester.of(${exporterClass}Exporter.class).yaml("targets: [alpha, be]").exportOnce();

    assertThat(samples.value("${exporterType}_value", "target", "alpha")).hasValue(5.0);
    assertThat(samples.value("${exporterType}_value", "target", "be")).hasValue(2.0);
  }

  @Test
  void missingTargetsAreReportedWithTheirKey() {
    assertThatThrownBy(() -> ExporterTester.of(${exporterClass}Exporter.class).yaml("{}").exportOnce())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exporters[0].config.targets");
  }
}
