package dev.promonitor.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name nearest to a misspelt one, for "Did you mean" hints. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The closest of {@code known} within a small edit distance of {@code written}, ignoring case.
   *
   * @param written a name as the user wrote it
   * @param known the names that exist
   * @return the nearest known name, or empty when none is close
   */
  public static Optional<String> nearest(String written, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = written.toLowerCase(Locale.ROOT);
    for (String candidate : known) {
      int distance = editDistance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, written.length() / 3);
    if (best != null && bestDistance <= tolerance) {
      return Optional.of(best);
    }
    // A key written without its unit, such as timeout for timeout_seconds.
    List<String> extended =
        known.stream()
            .filter(candidate -> candidate.toLowerCase(Locale.ROOT).startsWith(lower + "_"))
            .toList();
    return extended.size() == 1 ? Optional.of(extended.get(0)) : Optional.empty();
  }

  /** The Levenshtein distance. */
  static int editDistance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int j = 0; j <= right.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= right.length(); j++) {
        int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }
}
