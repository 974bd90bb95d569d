package dev.promonitor.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata that IDEs read to complete the promonitor.* properties. */
class ConfigurationMetadataTest {

  private static Map<String, JsonNode> properties() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the configuration processor's output").isNotNull();
      Map<String, JsonNode> byName = new HashMap<>();
      new ObjectMapper()
          .readTree(in)
          .path("properties")
          .forEach(property -> byName.put(property.path("name").asText(), property));
      return byName;
    }
  }

  @Test
  void everyPropertyIsDescribedWithItsTypeAndDefault() throws Exception {
    Map<String, JsonNode> properties = properties();

    assertThat(properties)
        .containsKeys(
            "promonitor.enabled",
            "promonitor.config-file",
            "promonitor.serve-http",
            "promonitor.health.down-on-failure");
    assertThat(properties.get("promonitor.config-file").path("type").asText())
        .isEqualTo("java.nio.file.Path");
    assertThat(properties.get("promonitor.enabled").path("defaultValue").asBoolean()).isTrue();
    assertThat(properties.get("promonitor.health.down-on-failure").path("defaultValue").asBoolean())
        .isFalse();
    assertThat(properties.get("promonitor.serve-http").path("defaultValue").asBoolean()).isFalse();
    properties.values().stream()
        .filter(property -> property.path("name").asText().startsWith("promonitor."))
        .forEach(
            property ->
                assertThat(property.path("description").asText())
                    .as(property.path("name").asText())
                    .isNotBlank());
  }
}
