package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written binder of the framework's sections against Jackson's ({@link ConfigBinder}),
 * which binds the same records: for every key of them and every value of a corpus, both give the
 * same record and the same problems, messages and positions included.
 */
class SectionBinderTest {

  private static final List<Class<? extends Record>> SECTIONS =
      List.of(
          RawSections.Document.class,
          RawSections.App.class,
          RawSections.Exporter.class,
          RawSections.Fragment.class);

  /** Values as a YAML file writes them: every scalar form, and the shapes that are not one. */
  private static final List<String> VALUES =
      List.of(
          "x", "\"x\"", "''", "' 12 '", "\"19094\"", "'  '", "1", "0", "-7", "2.0", "1.5", "2.50",
          "1e3", "-0.0", ".inf", "-.inf", ".nan", "true", "false", "True", "FALSE", "\"true\"",
          "\"TRUE\"", "\" false \"", "\"True\"", "\"tRue\"", "\"yes\"", "yes", "\"1\"", "\"0\"",
          "\"null\"", "\"\"", "null", "~", "[]", "[1]", "[a, b]", "{}", "{a: 1}", "99999999999",
          "-99999999999", "2147483647", "2147483648", "-2147483648", "-2147483649",
          "123456789012345678901234567890", "\"1m30s\"", "500ms", "30s", "2h", "1y2w3d4h5m6s7ms",
          "\"1.5s\"", "abc", "\"12abc3\"", "\"1.5\"", "\" 2.0 \"", "0x1F", "0o17", "1_000",
          "\"-3\"", "'1e400'", "1e400");

  static Stream<Arguments> valuesOfEveryKey() {
    List<Arguments> cases = new ArrayList<>();
    for (Class<? extends Record> section : SECTIONS) {
      for (String value : VALUES) {
        cases.add(Arguments.of(section.getSimpleName(), section, value));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("valuesOfEveryKey")
  void bindsEveryKeyAsJacksonDoes(String name, Class<? extends Record> section, String value) {
    List<String> differences = new ArrayList<>();
    for (var component : section.getRecordComponents()) {
      String key = SectionBinder.snakeCase(component.getName());
      compare(section, "s:\n  " + key + ": " + value + "\n", differences);
    }
    assertThat(differences).isEmpty();
  }

  static Stream<String> sections() {
    return Stream.of(
        "s: 5",
        "s: x",
        "s: true",
        "s: 1.5",
        "s: [1]",
        "s: []",
        "s: null",
        "s: {}",
        "s:\n  exprot_interval_seconds: 5\n",
        "s:\n  timeout: 5\n",
        "s:\n  bogus: 1\n",
        "s:\n  nmae: a\n  name: b\n",
        "s:\n  typ: a\n  enabeld: no\n",
        "s:\n  exporter: []\n",
        "s:\n  app: {}\n  logging: {}\n  exporters: []\n  loging: {}\n",
        "s:\n  max_series: -1\n  max_serie: 1\n  threads: 1.5\n  prometheus_port: '9400'\n");
  }

  @ParameterizedTest
  @MethodSource("sections")
  void bindsWholeSectionsAndUnknownKeysAsJacksonDoes(String yaml) {
    List<String> differences = new ArrayList<>();
    for (Class<? extends Record> section : SECTIONS) {
      compare(section, yaml + "\n", differences);
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void namesKeysInSnakeCase() {
    assertThat(SectionBinder.snakeCase("exportIntervalSeconds"))
        .isEqualTo("export_interval_seconds");
    assertThat(SectionBinder.snakeCase("app")).isEqualTo("app");
    assertThat(SectionBinder.snakeCase("shardIndex")).isEqualTo("shard_index");
  }

  @Test
  void refusesARecordThatIsNotOneOfTheSections() {
    Parsed parsed = parse("s: {}\n");

    assertThatThrownBy(
            () ->
                SectionBinder.bind(
                    parsed.node(), parsed.at(), RawSections.Formatter.class, parsed.problems()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RawSections$Formatter");
  }

  private record Parsed(JsonNode node, JsonPointer at, Problems problems) {}

  private static Parsed parse(String yaml) {
    YamlDocumentReader.Result result =
        ConfigFiles.parse(
            yaml,
            "test.yml",
            ConfigFiles.TopLevel.CONFIG,
            new Substitutions(name -> null, Path.of(".")));
    assertThat(result.document()).as("parsed: %s", yaml).isNotNull();
    SourceDocument document = Objects.requireNonNull(result.document());
    JsonPointer at = JsonPointer.compile("/s");
    return new Parsed(
        document.root().at(at), at, new Problems(document, result.valueProblems()));
  }

  private static void compare(
      Class<? extends Record> section, String yaml, List<String> differences) {
    Parsed jackson = parse(yaml);
    Parsed hand = parse(yaml);
    Object expected =
        new ConfigBinder().bind(jackson.node(), jackson.at(), section, jackson.problems());
    Object actual = SectionBinder.bind(hand.node(), hand.at(), section, hand.problems());
    List<ConfigProblem> expectedProblems = jackson.problems().sorted();
    List<ConfigProblem> actualProblems = hand.problems().sorted();
    String where = section.getSimpleName() + " " + yaml.strip();
    if (!Objects.equals(expected, actual)) {
      differences.add(where + ": value " + actual + ", Jackson " + expected);
    }
    if (!expectedProblems.equals(actualProblems)) {
      differences.add(where + ": problems " + actualProblems + ", Jackson " + expectedProblems);
    }
  }
}
