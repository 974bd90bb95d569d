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

  /**
   * The problem message for an exporter type that no exporter provides: the known types and the
   * nearest one. It speaks of the runner's {@code --exporters-dir} when none is known, which is
   * why it lives here rather than on the public catalog.
   *
   * @param unknownType the type as written in the config file
   * @param knownTypes the types the catalog knows
   * @return for example {@code unknown exporter type; known types: dir_size, s3_size. Did you
   *     mean 'dir_size'?}
   */
  public static String unknownExporterType(String unknownType, Collection<String> knownTypes) {
    String known =
        knownTypes.isEmpty() ? "none (is --exporters-dir set?)" : String.join(", ", knownTypes);
    String message = "unknown exporter type; known types: " + known;
    return nearest(unknownType, knownTypes)
        .map(nearest -> message + ". Did you mean '" + nearest + "'?")
        .orElse(message);
  }

  /**
   * The problem message for an exporter type that no exporter provides, with the catalog's reason
   * why nothing may provide it (such as jars that list no exporter).
   *
   * @param unknownType the type as written in the config file
   * @param knownTypes the types the catalog knows
   * @param whyNone the catalog's {@code whyNothingProvides()}, empty when it knows no reason
   * @return the message, without the reason when a known type is near or none is given
   */
  public static String unknownExporterType(
      String unknownType, Collection<String> knownTypes, String whyNone) {
    if (whyNone.isEmpty() || nearest(unknownType, knownTypes).isPresent()) {
      return unknownExporterType(unknownType, knownTypes);
    }
    return "unknown exporter type; known types: "
        + (knownTypes.isEmpty() ? "none" : String.join(", ", knownTypes))
        + ". "
        + whyNone;
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
