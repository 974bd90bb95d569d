package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jspecify.annotations.Nullable;

/**
 * Renders bound config objects for people, as the file would write them: snake_case keys, compact,
 * with the values of secret-looking keys masked. Used by the runner's dry-run report.
 */
public final class ConfigRendering {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ConfigRendering() {}

  /**
   * Renders a bound config object.
   *
   * @param config a config object, or {@code null}
   * @return for example {@code {paths: ["/var/log"], max_depth: 3, api_token: ****}}
   */
  public static String renderObject(@Nullable Object config) {
    if (config == null) {
      return "{}";
    }
    JsonNode tree;
    try {
      tree = MAPPER.valueToTree(config);
    } catch (IllegalArgumentException e) {
      // Not a bean Jackson can read back: say what it is rather than risk showing a secret.
      return "(a " + config.getClass().getSimpleName() + ")";
    }
    return FoundValues.renderWhole(tree);
  }
}
