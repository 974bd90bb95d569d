package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.internal.SecretMasking;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Renders a value compactly for the {@code Found:} part of a problem. */
final class FoundValues {

  /** What stands for a hidden secret. */
  static final String MASK = "****";

  private static final int MAX_LENGTH = 80;

  private FoundValues() {}

  /**
   * Renders a node: strings quoted, numbers and booleans as written, lists as {@code [a, b]},
   * mappings as {@code {a: 1}}; long values are cut with {@code ...}.
   *
   * @param node the node
   * @param scalarText the scalar as written in the file, when known
   */
  static String render(JsonNode node, @Nullable String scalarText) {
    return render(node, scalarText, JsonPointer.empty(), Set.of());
  }

  /**
   * Renders a node as {@link #render(JsonNode, String)} does, showing the values at
   * {@code masked} pointers (relative to the node's own pointer {@code at}'s root) as
   * {@link #MASK}.
   */
  static String render(
      JsonNode node, @Nullable String scalarText, JsonPointer at, Set<String> masked) {
    StringBuilder text = new StringBuilder();
    append(text, node, scalarText, MAX_LENGTH, at, masked);
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 3) + "..." : text.toString();
  }

  /**
   * Renders a whole node as {@link #render} does, without cutting it.
   *
   * @param masked pointers, relative to {@code node}, of values shown as {@link #MASK}
   */
  static String renderWhole(JsonNode node, Set<String> masked) {
    StringBuilder text = new StringBuilder();
    append(text, node, null, Integer.MAX_VALUE, JsonPointer.empty(), masked);
    return text.toString();
  }

  /** Renders a Java value, for a value that the file does not hold (a default). */
  static String renderJava(@Nullable Object value) {
    String text;
    if (value == null) {
      text = "null";
    } else if (value instanceof CharSequence chars) {
      text = quote(chars.toString());
    } else if (value instanceof Iterable<?> items) {
      StringBuilder builder = new StringBuilder("[");
      Iterator<?> iterator = items.iterator();
      while (iterator.hasNext()) {
        builder.append(renderJava(iterator.next()));
        if (iterator.hasNext()) {
          builder.append(", ");
        }
      }
      text = builder.append(']').toString();
    } else if (value instanceof Map<?, ?> map) {
      StringBuilder builder = new StringBuilder("{");
      Iterator<? extends Map.Entry<?, ?>> iterator = map.entrySet().iterator();
      while (iterator.hasNext()) {
        Map.Entry<?, ?> entry = iterator.next();
        builder.append(entry.getKey()).append(": ").append(renderJava(entry.getValue()));
        if (iterator.hasNext()) {
          builder.append(", ");
        }
      }
      text = builder.append('}').toString();
    } else {
      text = String.valueOf(value);
    }
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 3) + "..." : text;
  }

  private static void append(
      StringBuilder text,
      JsonNode node,
      @Nullable String scalarText,
      int maxLength,
      JsonPointer at,
      Set<String> masked) {
    if (!masked.isEmpty() && masked.contains(at.toString())) {
      text.append(MASK);
    } else if (node.isTextual()) {
      text.append(quote(node.textValue()));
    } else if (node.isArray()) {
      text.append('[');
      for (int i = 0; i < node.size() && text.length() <= maxLength; i++) {
        if (i > 0) {
          text.append(", ");
        }
        append(text, node.get(i), null, maxLength, at.appendIndex(i), masked);
      }
      text.append(']');
    } else if (node.isObject()) {
      text.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (text.length() > maxLength) {
          break;
        }
        if (!first) {
          text.append(", ");
        }
        first = false;
        text.append(field.getKey()).append(": ");
        if (KeyPaths.looksSecret(field.getKey())) {
          text.append(MASK);
        } else {
          append(
              text, field.getValue(), null, maxLength, at.appendProperty(field.getKey()), masked);
        }
      }
      text.append('}');
    } else if (scalarText != null) {
      text.append(scalarText);
    } else {
      text.append(node.asText());
    }
  }

  private static String quote(String text) {
    // A URL's password, a token or a remembered secret inside an ordinary value is hidden too.
    String value = SecretMasking.maskValue(text);
    return '"'
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")
        + '"';
  }
}
