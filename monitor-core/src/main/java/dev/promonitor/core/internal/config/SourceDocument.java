package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigLocation;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed config document as a Jackson tree, with where each node stands in the file and the
 * text of each scalar as written.
 *
 * @param source the file as the user named it
 * @param root the document's root node
 * @param positions {@code line:column} (1-based) of each node, by JSON pointer
 * @param keyPositions {@code line:column} of the key of each mapping value, by JSON pointer
 * @param scalarTexts the text of each scalar as written (after substitution), by JSON pointer
 * @param masked the JSON pointers of values shown as {@code ****}: every value that came from a
 *     {@code ${...}} substitution, and values the reader of a section treats as secret
 */
record SourceDocument(
    String source,
    JsonNode root,
    Map<String, int[]> positions,
    Map<String, int[]> keyPositions,
    Map<String, String> scalarTexts,
    Set<String> masked) {

  /** Whether the value at {@code pointer} is shown as {@code ****}. */
  boolean isMasked(JsonPointer pointer) {
    return masked.contains(pointer.toString());
  }

  /** Whether a masked value stands at {@code pointer} or inside it. */
  boolean masksAtOrUnder(JsonPointer pointer) {
    String prefix = pointer.toString();
    return masked.stream().anyMatch(path -> path.equals(prefix) || path.startsWith(prefix + "/"));
  }

  /**
   * The masked pointers inside {@code pointer}, relative to it, such as {@code /password} for
   * {@code /exporters/0/config/password} under {@code /exporters/0/config}.
   */
  Set<String> maskedUnder(JsonPointer pointer) {
    String prefix = pointer.toString() + "/";
    return masked.stream()
        .filter(path -> path.startsWith(prefix))
        .map(path -> path.substring(prefix.length() - 1))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Where the node at {@code pointer} stands; for a node that is not in the file (a missing key),
   * where its nearest enclosing node stands.
   */
  ConfigLocation locationOf(JsonPointer pointer) {
    JsonPointer current = pointer;
    while (current != null) {
      int[] position = positions.get(current.toString());
      if (position != null) {
        return new ConfigLocation(source, position[0], position[1]);
      }
      current = current.head();
    }
    return ConfigLocation.of(source);
  }

  /** Where the key of the mapping value at {@code pointer} stands, else where the value does. */
  ConfigLocation keyLocationOf(JsonPointer pointer) {
    int[] position = keyPositions.get(pointer.toString());
    return position != null
        ? new ConfigLocation(source, position[0], position[1])
        : locationOf(pointer);
  }

  /** The node at {@code pointer}, or {@code null} when the file has none there. */
  @Nullable JsonNode nodeAt(JsonPointer pointer) {
    JsonNode node = root.at(pointer);
    return node.isMissingNode() ? null : node;
  }

  /** The scalar at {@code pointer} as written in the file, or {@code null}. */
  @Nullable String scalarText(JsonPointer pointer) {
    return scalarTexts.get(pointer.toString());
  }
}
