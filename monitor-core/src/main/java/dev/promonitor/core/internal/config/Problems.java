package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects the problems of one document, each with its position, key path and value found. */
final class Problems {

  private static final Comparator<ConfigProblem> IN_FILE_ORDER =
      Comparator.comparingInt((ConfigProblem problem) -> problem.location().line())
          .thenComparingInt(problem -> problem.location().column());

  private final SourceDocument document;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<JsonPointer> pointers = new ArrayList<>();
  private final List<String> failedValues = new ArrayList<>();

  Problems(SourceDocument document) {
    this.document = document;
  }

  /**
   * Problems of a document that starts with the problems of its values that could not be
   * substituted; no further problem is recorded at those values, which stand as {@code null}.
   */
  Problems(SourceDocument document, List<YamlDocumentReader.ValueProblem> valueProblems) {
    this(document);
    for (YamlDocumentReader.ValueProblem valueProblem : valueProblems) {
      problems.add(valueProblem.problem());
      pointers.add(valueProblem.at());
      failedValues.add(valueProblem.at().toString());
    }
  }

  /**
   * Records that a problem already explains the value at {@code at} (such as a misspelt key that
   * should have given it): later problems at {@code at} are left out.
   */
  void coveredBy(JsonPointer at) {
    failedValues.add(at.toString());
  }

  SourceDocument document() {
    return document;
  }

  /** Records a problem with the value at {@code at}, rendered as written, as what was found. */
  void add(JsonPointer at, String message) {
    add(at, message, foundAt(at));
  }

  /** Records a problem with no value to show, such as a missing key. */
  void addWithoutFound(JsonPointer at, String message) {
    add(at, message, null);
  }

  /** Records a problem at the position of {@code at}, showing {@code found} (masked if secret). */
  void add(JsonPointer at, String message, @Nullable String found) {
    if (failedValues.contains(at.toString())) {
      return;
    }
    String shown = found != null && isSecret(at) ? FoundValues.MASK : found;
    problems.add(
        new ConfigProblem(
            document.locationOf(at), KeyPaths.of(at, document.root()), message, shown));
    pointers.add(at);
  }

  /** Records a problem about a key, such as an unknown one: at the key, showing its value. */
  void addAtKey(JsonPointer at, String message) {
    add(document.keyLocationOf(at), at, message, foundAt(at));
  }

  /** Records a problem at a location that the caller determined. */
  void add(ConfigLocation location, JsonPointer at, String message, @Nullable String found) {
    if (failedValues.contains(at.toString())) {
      return;
    }
    String shown = found != null && isSecret(at) ? FoundValues.MASK : found;
    problems.add(new ConfigProblem(location, KeyPaths.of(at, document.root()), message, shown));
    pointers.add(at);
  }

  /** Whether the value at {@code at} is hidden: a secret-looking key, or a substituted value. */
  private boolean isSecret(JsonPointer at) {
    return KeyPaths.isSecret(at) || document.isMasked(at);
  }

  /**
   * The value at {@code at} as written in the file (substituted values and secrets inside it
   * masked), or {@code null} when the file has none.
   */
  @Nullable String foundAt(JsonPointer at) {
    JsonNode node = document.nodeAt(at);
    return node == null
        ? null
        : FoundValues.render(node, document.scalarText(at), at, document.masked());
  }

  /** Whether a problem was recorded at {@code at}, or at a node enclosing or inside it. */
  boolean touches(JsonPointer at) {
    String path = at.toString();
    for (JsonPointer pointer : pointers) {
      String other = pointer.toString();
      if (other.equals(path)
          || other.startsWith(path + "/")
          || path.startsWith(other + "/")) {
        return true;
      }
    }
    return false;
  }

  int count() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems in file order: by line, then column. */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(IN_FILE_ORDER);
    return sorted;
  }
}
