package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.internal.SecretMasking;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Writes JSON pointers as a user reads key paths: {@code exporters[1].config.bucket_names}. */
final class KeyPaths {

  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

  private KeyPaths() {}

  /**
   * The key path of {@code pointer} in {@code root}: list positions as {@code [i]}, mapping keys
   * after a dot. Beyond the tree (a key that the file lacks) a number is taken as a list position.
   */
  static String of(JsonPointer pointer, @Nullable JsonNode root) {
    StringBuilder path = new StringBuilder();
    JsonNode current = root;
    for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
      String segment = step.getMatchingProperty();
      boolean inList =
          current != null ? current.isArray() : INDEX.matcher(segment).matches();
      if (inList) {
        path.append('[').append(segment).append(']');
      } else {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(segment);
      }
      if (current != null) {
        JsonNode next = current.isArray() ? current.get(step.getMatchingIndex()) : current.get(segment);
        current = next;
      }
    }
    return path.toString();
  }

  /** Whether a key on the way to {@code pointer} names a secret, so that its value is hidden. */
  static boolean isSecret(JsonPointer pointer) {
    for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
      if (looksSecret(step.getMatchingProperty())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a key such as {@code secret_access_key} or {@code apiToken} names a secret, by the one
   * policy of {@link SecretMasking#isSecretKey}.
   */
  static boolean looksSecret(String key) {
    return SecretMasking.isSecretKey(key);
  }
}
