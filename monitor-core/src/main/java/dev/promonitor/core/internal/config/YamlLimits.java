package dev.promonitor.core.internal.config;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * The limits a config document must keep before it is composed (nesting depth, aliases to lists
 * and mappings), checked on snakeyaml-engine's event stream, and the one-line form of the parser's
 * messages.
 */
final class YamlLimits {

  /** The most aliases to collections, against "billion laughs" documents. */
  static final int MAX_ALIASES_FOR_COLLECTIONS = 50;

  /** The most code points in a document (about 3 MB of text). */
  static final int CODE_POINT_LIMIT = 3 * 1024 * 1024;

  /** The deepest nesting of lists and mappings. */
  static final int MAX_NESTING_DEPTH = 100;

  /** The most nodes a document may expand to through aliases. */
  static final int MAX_NODES = 1_000_000;

  /** A limit the document goes past, where it does. */
  record Breach(@Nullable Mark mark, String message) {}

  private YamlLimits() {}

  /**
   * Walks the events of a document: the first limit it goes past, decided by counting (an alias
   * bomb is refused by its number of aliases, not by the text of the composer's exception).
   *
   * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException when the text cannot be parsed
   */
  static @Nullable Breach check(LoadSettings settings, String content) {
    int depth = 0;
    int collectionAliases = 0;
    Map<String, Boolean> anchorIsCollection = new HashMap<>();
    for (Event event : new Parse(settings).parseString(content)) {
      if (event instanceof NodeEvent node && !(event instanceof AliasEvent)) {
        boolean collection = !(event instanceof ScalarEvent);
        node.getAnchor().ifPresent(anchor -> anchorIsCollection.put(anchor.getValue(), collection));
      }
      switch (event.getEventId()) {
        case Alias -> {
          String anchor = ((AliasEvent) event).getAlias().getValue();
          if (anchorIsCollection.getOrDefault(anchor, false)
              && ++collectionAliases > MAX_ALIASES_FOR_COLLECTIONS) {
            return new Breach(
                null,
                "refused: more than " + MAX_ALIASES_FOR_COLLECTIONS
                    + " aliases to lists or mappings (Number of aliases for non-scalar nodes"
                    + " exceeds the specified max=" + MAX_ALIASES_FOR_COLLECTIONS + ")");
          }
        }
        case MappingStart, SequenceStart -> {
          depth++;
          if (depth > MAX_NESTING_DEPTH) {
            return new Breach(
                event.getStartMark().orElse(null),
                "lists and mappings are nested more than " + MAX_NESTING_DEPTH + " levels deep");
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> {
          // scalars and document markers do not nest
        }
      }
    }
    return null;
  }

  /** The parser's problem with its context, on one line. */
  static String syntaxMessage(MarkedYamlEngineException e) {
    String problem = e.getProblem();
    String context = e.getContext();
    String message = problem != null && !problem.isBlank() ? problem : String.valueOf(context);
    if (problem != null && context != null && !context.isBlank()) {
      // snakeyaml's problems that go on from their context read "but found ...".
      message =
          problem.startsWith("but ") ? context + ", " + problem : problem + " (" + context + ")";
    }
    return oneLine(message);
  }

  /** Collapses a parser message, which may quote a snippet over several lines, to one line. */
  static String oneLine(@Nullable String message) {
    if (message == null) {
      return "cannot be parsed";
    }
    String firstBlock = message.split("\\n\\s*\\n", 2)[0];
    StringBuilder text = new StringBuilder();
    for (String line : firstBlock.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("in ") && trimmed.contains(", line ")
          || trimmed.equals("^")) {
        continue;
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(trimmed);
    }
    return text.length() == 0 ? "cannot be parsed" : text.toString();
  }
}
