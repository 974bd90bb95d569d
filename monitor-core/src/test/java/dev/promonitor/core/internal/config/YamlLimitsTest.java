package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;

class YamlLimitsTest {

  private static final LoadSettings SETTINGS = LoadSettings.builder().build();

  private static String aliases(String anchored, int count) {
    StringBuilder yaml = new StringBuilder("base: &b " + anchored + "\nuses:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("  - *b\n");
    }
    return yaml.toString();
  }

  @Test
  void fiftyAliasesToAListAreAllowed() {
    assertThat(YamlLimits.check(SETTINGS, aliases("[1, 2]", 50))).isNull();
  }

  @Test
  void theFiftyFirstAliasToAListIsRefusedByItsCount() {
    assertThat(YamlLimits.check(SETTINGS, aliases("[1, 2]", 51)))
        .extracting(YamlLimits.Breach::message)
        .isEqualTo(
            "refused: more than 50 aliases to lists or mappings (Number of aliases for non-scalar"
                + " nodes exceeds the specified max=50)");
  }

  @Test
  void aliasesToScalarsDoNotCount() {
    assertThat(YamlLimits.check(SETTINGS, aliases("one", 500))).isNull();
  }

  @Test
  void anAnchorRedefinedAsAScalarNoLongerCounts() {
    String yaml = aliases("{a: 1}", 50) + "again: &b two\nmore:\n" + "  - *b\n".repeat(10);

    assertThat(YamlLimits.check(SETTINGS, yaml)).isNull();
  }

  @Test
  void nestingPastTheLimitIsRefusedWhereItStarts() {
    YamlLimits.Breach breach =
        YamlLimits.check(SETTINGS, "app: " + "[".repeat(101) + "]".repeat(101) + "\n");

    assertThat(breach).isNotNull();
    assertThat(breach.message()).isEqualTo("lists and mappings are nested more than 100 levels deep");
    assertThat(breach.mark()).isNotNull();
    assertThat(breach.mark().getColumn() + 1).isEqualTo(105);
  }
}
