package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Renders config values for people: compact, in the file's snake_case, with secret-looking values
 * masked. Used by error messages and the runner's dry-run report.
 */
public final class ConfigRendering {

  /** What a masked value is shown as. */
  public static final String MASK = "****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "password|passwd|secret|token|api_?key|access_?key|private_?key|credential",
          Pattern.CASE_INSENSITIVE);

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ConfigRendering() {}

  /**
   * Whether a key's value should never be shown.
   *
   * @param key a config key, in any case, such as {@code secret_access_key}
   * @return {@code true} when the key looks like it holds a secret
   */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * Renders a bound config object as its keys would be written in the file.
   *
   * @param config a config object, or {@code null}
   * @return for example {@code {paths: [/var/log], max_depth: 3, password: ****}}
   */
  public static String renderObject(@Nullable Object config) {
    if (config == null) {
      return "{}";
    }
    JsonNode tree;
    try {
      tree = MAPPER.valueToTree(config);
    } catch (IllegalArgumentException e) {
      return config.getClass().getSimpleName();
    }
    return render(tree);
  }

  /**
   * Renders a config tree compactly, masking the values of secret-looking keys.
   *
   * @param node the tree
   * @return the text
   */
  public static String render(JsonNode node) {
    StringBuilder text = new StringBuilder();
    append(node, text);
    return text.toString();
  }

  private static void append(JsonNode node, StringBuilder text) {
    if (node.isObject()) {
      text.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        text.append(field.getKey()).append(": ");
        if (isSecretKey(field.getKey()) && !field.getValue().isNull()) {
          text.append(MASK);
        } else {
          append(field.getValue(), text);
        }
        if (fields.hasNext()) {
          text.append(", ");
        }
      }
      text.append('}');
    } else if (node.isArray()) {
      text.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          text.append(", ");
        }
        append(node.get(i), text);
      }
      text.append(']');
    } else if (node.isTextual()) {
      text.append('"').append(node.textValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else if (node.isNull() || node.isMissingNode()) {
      text.append("null");
    } else {
      text.append(node.asText());
    }
  }
}
