package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Renders bound config objects for people, as the file would write them: snake_case keys, compact,
 * with the values of secret-looking keys masked. Used by the runner's dry-run report.
 */
public final class ConfigRendering {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // Plain config classes are bound through their fields, of any visibility: shown so too.
          .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ConfigRendering() {}

  /**
   * Renders a bound config object.
   *
   * @param config a config object, or {@code null}
   * @return for example {@code {paths: ["/var/log"], max_depth: 3, api_token: ****}}
   */
  public static String renderObject(@Nullable Object config) {
    return renderObject(config, Set.of());
  }

  /**
   * Renders a bound config object, showing the values at {@code masked} as {@code ****}: the
   * values that came from {@code ${...}} substitution, as {@link
   * EntrySource#maskedConfigPaths()} lists them. A masked path that
   * the rendering does not hold as such (the config class renamed or transformed the value) masks
   * the key it starts with, or the whole config when even that is not there.
   *
   * @param config a config object, or {@code null}
   * @param masked JSON pointers relative to the config, such as {@code /password}
   * @return for example {@code {url: "http://x", password: ****}}
   */
  public static String renderObject(@Nullable Object config, Set<String> masked) {
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
    Set<String> shown = new HashSet<>();
    for (String path : masked) {
      JsonPointer pointer = JsonPointer.compile(path);
      if (!tree.at(pointer).isMissingNode()) {
        shown.add(path);
        continue;
      }
      JsonPointer first = pointer.matches() ? pointer : firstStep(pointer);
      if (!first.matches() && !tree.at(first).isMissingNode()) {
        shown.add(first.toString());
      } else {
        return FoundValues.MASK;
      }
    }
    return FoundValues.renderWhole(tree, shown);
  }

  private static JsonPointer firstStep(JsonPointer pointer) {
    return JsonPointer.empty().appendProperty(pointer.getMatchingProperty());
  }
}
