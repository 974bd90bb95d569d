package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.ExporterCatalog;
import org.junit.jupiter.api.Test;

/** The hints that the usual mistakes of a first day get. */
class ConfigHintsTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.create(
          ExporterCatalog.of(
              FirstDayHintsExporters.PingExporter.class,
              FirstDayHintsExporters.UncreatableExporter.class));

  @Test
  void numberWhereAStringIsExpectedGetsTheQuoteItHint() {
    assertThatThrownBy(
            () ->
                LOADER.parse(
                    """
                    exporters:
                      - type: ping
                        config:
                          targets: [a]
                          bearer_token: 12345
                    """,
                    "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "monitor.yml:5:21: exporters[0].config.bearer_token: expecting a string; quote the"
                + " value to make it one. Found: ****");
  }

  @Test
  void misspeltKeyGetsItsSuggestionWithoutTheConstraintOfTheKeyItMeant() {
    assertThatThrownBy(
            () ->
                LOADER.parse(
                    """
                    exporters:
                      - type: ping
                        config:
                          target: [a]
                    """,
                    "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "monitor.yml:4:7: exporters[0].config.target: unknown key; expecting one of:"
                + " bearer_token, targets. Did you mean 'targets'? Found: [\"a\"]");
  }

  @Test
  void keyWithoutItsUnitGetsTheKeyWithTheUnitSuggested() {
    assertThatThrownBy(
            () ->
                LOADER.parse(
                    """
                    app:
                      timeout: 5
                    """,
                    "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("monitor.yml:2:3: app.timeout: unknown key; expecting one of:")
        .hasMessageEndingWith("Did you mean 'timeout_seconds'? Found: 5");
  }

  @Test
  void configClassThatCannotBeCreatedIsExplainedAsAFixInTheClass() {
    assertThatThrownBy(
            () ->
                LOADER.parse(
                    """
                    exporters:
                      - type: uncreatable
                        config:
                          host: example.org
                    """,
                    "monitor.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "monitor.yml:4:7: exporters[0].config: the class"
                + " dev.promonitor.core.config.FirstDayHintsExporters$UncreatableConfig cannot be"
                + " created from these keys: this is to fix in the exporter's code, not in the"
                + " config file. Make it a record, or give it a public no-arg constructor (with"
                + " setters or non-final fields)");
  }
}
