package dev.promonitor.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import dev.promonitor.core.config.ExporterSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExporterDefinitionTest {

  /** A config that holds a secret. */
  record Login(String user, String password) {}

  /** An exporter of that config. */
  @ExporterType("login")
  @SuppressWarnings("try") // BaseExporter.close() throws Exception by contract
  public static final class LoginExporter extends BaseExporter<Login> {
    @Override
    public void exportMetrics() {}
  }

  @Test
  void aDefinitionKeepsItsPartsAndGainsASchedule() {
    Login login = new Login("monitor", "hunter2");
    ExporterSchedule every30s = ExporterSchedule.every(Duration.ofSeconds(30));

    ExporterDefinition<Login> definition =
        ExporterDefinition.of(LoginExporter.class, "db", login).withSchedule(every30s);

    assertThat(definition.exporterClass()).isEqualTo(LoginExporter.class);
    assertThat(definition.name()).isEqualTo("db");
    assertThat(definition.config()).isSameAs(login);
    assertThat(definition.schedule()).isEqualTo(every30s);
    assertThat(ExporterDefinition.of(LoginExporter.class, "db", login).schedule()).isNull();
  }

  @Test
  void itsTextNamesTheExporterButNotTheConfig() {
    ExporterDefinition<Login> definition =
        ExporterDefinition.of(LoginExporter.class, "db", new Login("monitor", "hunter2"));

    assertThat(definition)
        .hasToString(
            "ExporterDefinition[dev.promonitor.springboot.ExporterDefinitionTest$LoginExporter 'db']");
  }

  @Test
  void aBlankNameIsRefused() {
    assertThatThrownBy(() -> ExporterDefinition.of(LoginExporter.class, " ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
  }
}
