package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.internal.SecretMasking;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Parses YAML or JSON text with snakeyaml-engine into a {@link SourceDocument}: composes the node
 * tree (so that every node keeps its position) and converts it to a Jackson tree, refusing what
 * a config file has no use for (custom tags, alias bombs, deep nesting, duplicate keys).
 */
final class YamlDocumentReader {

  /** The most code points in a document (about 3 MB of text). */
  static final int CODE_POINT_LIMIT = YamlLimits.CODE_POINT_LIMIT;

  private static final Set<Tag> STANDARD_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

  /** Re-resolves a plain scalar after substitution, so that {@code port: ${PORT}} is a number. */
  private static final ScalarResolver CORE_RESOLVER = new CoreSchema().getScalarResolver();

  private final String source;
  private final boolean json;
  private final ConfigFiles.TopLevel topLevel;
  private final @Nullable Substitutions substitutions;
  private final Set<String> masked = new HashSet<>();
  private final List<ValueProblem> valueProblems = new ArrayList<>();
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, int[]> positions = new HashMap<>();
  private final Map<String, int[]> keyPositions = new HashMap<>();
  private final Map<String, String> scalarTexts = new HashMap<>();
  private int nodeCount;

  private YamlDocumentReader(
      String source,
      boolean json,
      ConfigFiles.TopLevel topLevel,
      @Nullable Substitutions substitutions) {
    this.source = source;
    this.json = json;
    this.topLevel = topLevel;
    this.substitutions = substitutions;
  }

  /**
   * The outcome: a document, or the problems that kept it from being read (value problems
   * included); with a document, the problems of values that could not be substituted, which
   * stand as {@code null} in it.
   */
  record Result(
      @Nullable SourceDocument document,
      List<ConfigProblem> problems,
      List<ValueProblem> valueProblems) {

    Result(@Nullable SourceDocument document, List<ConfigProblem> problems) {
      this(document, problems, List.of());
    }
  }

  /** A problem with one value, which does not keep the rest of the document from being read. */
  record ValueProblem(JsonPointer at, ConfigProblem problem) {}

  /**
   * Reads a document.
   *
   * @param content the text
   * @param source the file name for messages
   * @param json whether to resolve scalars with the JSON schema rather than YAML 1.2's core one
   * @param topLevel what the top level must be, in the messages that say it is not
   * @param substitutions how to replace {@code ${...}} references in values; {@code null} for none
   */
  static Result read(
      String content,
      String source,
      boolean json,
      ConfigFiles.TopLevel topLevel,
      @Nullable Substitutions substitutions) {
    return new YamlDocumentReader(source, json, topLevel, substitutions).read(content);
  }

  private Result read(String content) {
    // Counted before parsing, in linear time: the parser would get there much more slowly.
    if (content.length() > CODE_POINT_LIMIT
        && content.codePointCount(0, content.length()) > CODE_POINT_LIMIT) {
      problems.add(problem(null, "the file has more than " + CODE_POINT_LIMIT + " characters"));
      return new Result(null, problems);
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source)
            .setSchema(json ? new JsonSchema() : new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(YamlLimits.MAX_ALIASES_FOR_COLLECTIONS)
            .setCodePointLimit(CODE_POINT_LIMIT)
            .setParseComments(false)
            .setEnvConfig(Optional.empty())
            .build();
    Optional<Node> composed;
    try {
      YamlLimits.@Nullable Breach breach = YamlLimits.check(settings, content);
      if (breach != null) {
        problems.add(problem(breach.mark(), breach.message()));
        return new Result(null, problems);
      }
      composed = new Compose(settings).composeString(content);
    } catch (MarkedYamlEngineException e) {
      problems.add(syntaxProblem(e));
      return new Result(null, problems);
    } catch (YamlEngineException e) {
      problems.add(problem(null, "cannot be read: " + YamlLimits.oneLine(e.getMessage())));
      return new Result(null, problems);
    }
    if (composed.isEmpty()) {
      problems.add(problem(null, topLevel.empty()));
      return new Result(null, problems);
    }
    Node rootNode = composed.get();
    if (!(rootNode instanceof MappingNode)) {
      problems.add(
          problem(rootNode.getStartMark().orElse(null), topLevel.notAMapping()));
      return new Result(null, problems);
    }
    JsonNode root = convert(rootNode, JsonPointer.empty());
    if (!problems.isEmpty()) {
      valueProblems.forEach(valueProblem -> problems.add(valueProblem.problem()));
      problems.sort(
          Comparator.comparingInt((ConfigProblem problem) -> problem.location().line())
              .thenComparingInt(problem -> problem.location().column()));
      return new Result(null, problems);
    }
    return new Result(
        new SourceDocument(source, root, positions, keyPositions, scalarTexts, masked),
        List.of(),
        List.copyOf(valueProblems));
  }

  /** Walks the event stream (which needs no recursion) to refuse deep nesting before composing. */
  private JsonNode convert(Node node, JsonPointer at) {
    if (++nodeCount > YamlLimits.MAX_NODES) {
      if (nodeCount == YamlLimits.MAX_NODES + 1) {
        problems.add(
            problem(
                node.getStartMark().orElse(null),
                "the document expands to more than " + YamlLimits.MAX_NODES + " values through aliases"));
      }
      return JsonNodeFactory.instance.nullNode();
    }
    node.getStartMark()
        .ifPresent(mark -> positions.putIfAbsent(at.toString(), position(mark)));
    Tag tag = node.getTag();
    if (tag.equals(Tag.ENV_TAG)) {
      // snakeyaml-engine's own tag for a plain "${VAR}"; this reader substitutes by itself.
      tag = Tag.STR;
    }
    if (!STANDARD_TAGS.contains(tag)) {
      problems.add(
          problem(
              node.getStartMark().orElse(null),
              "unsupported tag '" + shortTag(tag) + "'; only plain YAML values are allowed"));
      return JsonNodeFactory.instance.nullNode();
    }
    if (node instanceof MappingNode mapping) {
      return convertMapping(mapping, at);
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), at.appendIndex(i)));
      }
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    if (substitutions != null && Substitutions.mayContainReferences(text)) {
      Substitutions.Result substitution = substitutions.apply(text);
      if (substitution.problem() != null) {
        valueProblems.add(
            new ValueProblem(
                at,
                new ConfigProblem(
                location(scalar.getStartMark().orElse(null)),
                KeyPaths.of(at, null),
                substitution.problem(),
                KeyPaths.isSecret(at) ? FoundValues.MASK : FoundValues.render(
                    JsonNodeFactory.instance.textNode(text), null))));
        return JsonNodeFactory.instance.nullNode();
      }
      text = substitution.text();
      if (substitution.substituted()) {
        // Whatever came from the environment or a file is shown as a secret everywhere.
        masked.add(at.toString());
        if (scalar.isPlain() && tag.equals(Tag.STR)) {
          Tag resolved = CORE_RESOLVER.resolve(text, true);
          tag = resolved.equals(Tag.ENV_TAG) ? Tag.STR : resolved;
        }
      }
    }
    if (masked.contains(at.toString()) || KeyPaths.isSecret(at)) {
      // Hidden by value wherever a message might quote it, not only where the config is shown.
      SecretMasking.remember(text, KeyPaths.isSecret(at));
    }
    scalarTexts.put(at.toString(), text);
    return convertScalar(scalar, text, tag, at);
  }

  private JsonNode convertMapping(MappingNode mapping, JsonPointer at) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    Map<String, Integer> firstLines = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode keyScalar)) {
        problems.add(
            problem(
                keyNode.getStartMark().orElse(null),
                "a key must be a plain value, not a list or a mapping"));
        continue;
      }
      String key = keyScalar.getValue();
      int line = keyNode.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
      Integer firstLine = firstLines.putIfAbsent(key, line);
      if (firstLine != null) {
        problems.add(
            new ConfigProblem(
                location(keyNode.getStartMark().orElse(null)),
                KeyPaths.of(at.appendProperty(key), null),
                "duplicate key; first written at line " + firstLine,
                null));
        continue;
      }
      keyNode
          .getStartMark()
          .ifPresent(mark -> keyPositions.put(at.appendProperty(key).toString(), position(mark)));
      object.set(key, convert(tuple.getValueNode(), at.appendProperty(key)));
    }
    return object;
  }

  private JsonNode convertScalar(ScalarNode scalar, String text, Tag tag, JsonPointer at) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (tag.equals(Tag.STR)) {
      return nodes.textNode(text);
    }
    if (tag.equals(Tag.NULL)) {
      return nodes.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("false")) {
        return nodes.booleanNode(lower.equals("true"));
      }
      return invalidScalar(scalar, text, tag, at, "true or false");
    }
    if (tag.equals(Tag.INT)) {
      BigInteger value = parseInteger(text.replace("_", ""));
      if (value == null) {
        return invalidScalar(scalar, text, tag, at, "an integer");
      }
      return value.bitLength() < 32
          ? nodes.numberNode(value.intValue())
          : value.bitLength() < 64 ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.matches("[-+]?\\.inf")) {
      return nodes.numberNode(
          lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (lower.equals(".nan")) {
      return nodes.numberNode(Double.NaN);
    }
    try {
      return nodes.numberNode(new BigDecimal(text.replace("_", "")));
    } catch (NumberFormatException e) {
      return invalidScalar(scalar, text, tag, at, "a number");
    }
  }

  private static @Nullable BigInteger parseInteger(String text) {
    try {
      String digits = text;
      boolean negative = false;
      if (digits.startsWith("-") || digits.startsWith("+")) {
        negative = digits.startsWith("-");
        digits = digits.substring(1);
      }
      BigInteger value;
      if (digits.startsWith("0x")) {
        value = new BigInteger(digits.substring(2), 16);
      } else if (digits.startsWith("0o")) {
        value = new BigInteger(digits.substring(2), 8);
      } else {
        value = new BigInteger(digits);
      }
      return negative ? value.negate() : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private JsonNode invalidScalar(
      ScalarNode scalar, String text, Tag tag, JsonPointer at, String expected) {
    problems.add(
        new ConfigProblem(
            location(scalar.getStartMark().orElse(null)),
            KeyPaths.of(at, null),
            "expecting " + expected + " for the tag '" + shortTag(tag) + "'",
            masked.contains(at.toString()) || KeyPaths.isSecret(at) ? FoundValues.MASK : text));
    return JsonNodeFactory.instance.nullNode();
  }

  private ConfigProblem syntaxProblem(MarkedYamlEngineException e) {
    return problem(
        e.getProblemMark().or(e::getContextMark).orElse(null),
        "invalid " + (json ? "JSON" : "YAML") + ": " + YamlLimits.syntaxMessage(e));
  }

  private ConfigProblem problem(@Nullable Mark mark, String message) {
    return new ConfigProblem(location(mark), "", message, null);
  }

  private ConfigLocation location(@Nullable Mark mark) {
    if (mark == null) {
      return ConfigLocation.of(source);
    }
    int[] position = position(mark);
    return new ConfigLocation(source, position[0], position[1]);
  }

  private static int[] position(Mark mark) {
    return new int[] {mark.getLine() + 1, mark.getColumn() + 1};
  }

  /** {@code !!name} for the YAML namespace, else the tag as written. */
  private static String shortTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }
}
