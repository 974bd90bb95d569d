package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.core.ExporterCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderShardingTest {

  private static final ExporterCatalog CATALOG = ExporterCatalog.of(TestHeartbeatExporter.class);

  private static ConfigLoader loader(Map<String, String> environment) {
    return ConfigLoader.builder().catalog(CATALOG).environment(environment).build();
  }

  private static List<String> problemsOf(ConfigLoader loader, String yaml) {
    try {
      loader.parse(yaml, "monitor.yml");
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  @Test
  void withoutShardKeysOneShardRunsEverything() {
    MonitorConfig config = loader(Map.of()).parse("exporters:\n  - type: heartbeat\n", "monitor.yml");

    assertThat(config.app().shardCount()).isEqualTo(1);
    assertThat(config.app().shardIndex()).isZero();
    assertThat(config.exporters().get(0).sharding()).isEqualTo(Sharding.HASH);
    assertThat(config.shardExporters()).hasSize(1);
  }

  @Test
  void shardIndexAndCountAreRead() {
    MonitorConfig config =
        loader(Map.of()).parse("app:\n  shard_count: 3\n  shard_index: 2\n", "monitor.yml");

    assertThat(config.app().shardCount()).isEqualTo(3);
    assertThat(config.app().shardIndex()).isEqualTo(2);
  }

  @Test
  void autoTakesTheTrailingNumberOfHostname() {
    MonitorConfig config =
        loader(Map.of("HOSTNAME", "promonitor-2"))
            .parse("app:\n  shard_count: 3\n  shard_index: auto\n", "monitor.yml");

    assertThat(config.app().shardIndex()).isEqualTo(2);
  }

  @Test
  void autoReadsTheFirstLabelOfAQualifiedHostName() {
    MonitorConfig config =
        loader(Map.of("HOSTNAME", "promonitor-1.promonitor.monitoring.svc.cluster.local"))
            .parse("app:\n  shard_count: 3\n  shard_index: auto\n", "monitor.yml");

    assertThat(config.app().shardIndex()).isEqualTo(1);
  }

  @Test
  void autoWithoutATrailingNumberIsAnErrorWithItsLine() {
    assertThat(
            problemsOf(
                loader(Map.of("HOSTNAME", "web")),
                "app:\n  shard_count: 3\n  shard_index: auto\n"))
        .containsExactly(
            "monitor.yml:3:16: app.shard_index: auto takes the index from the number at the end of"
                + " the host name, as a StatefulSet names its pods (promonitor-2 is shard 2), but the"
                + " host name 'web' (from HOSTNAME) has none. Found: \"auto\"");
  }

  @Test
  void autoGivingAnIndexOutsideTheCountIsAnError() {
    assertThat(
            problemsOf(
                loader(Map.of("HOSTNAME", "promonitor-3")),
                "app:\n  shard_count: 3\n  shard_index: auto\n"))
        .containsExactly(
            "monitor.yml:3:16: app.shard_index: the host name 'promonitor-3' (from HOSTNAME) gives"
                + " index 3; expecting value < app.shard_count (3). Found: \"auto\"");
  }

  @Test
  void indexNotBelowTheCountIsAnError() {
    assertThat(problemsOf(loader(Map.of()), "app:\n  shard_count: 2\n  shard_index: 2\n"))
        .containsExactly("monitor.yml:3:16: app.shard_index: expecting value < app.shard_count (2). Found: 2");
  }

  @Test
  void countBelowOneAndAWrongIndexAreReportedTogether() {
    assertThat(problemsOf(loader(Map.of()), "app:\n  shard_count: 0\n  shard_index: -1\n"))
        .containsExactly("monitor.yml:2:16: app.shard_count: expecting value > 0. Found: 0");
    assertThat(problemsOf(loader(Map.of()), "app:\n  shard_count: 2\n  shard_index: first\n"))
        .containsExactly(
            "monitor.yml:3:16: app.shard_index: expecting an integer >= 0, or auto. Found: \"first\"");
  }

  @Test
  void aShardGivenToTheLoaderReplacesTheFilesAndItsAuto() {
    MonitorConfig config =
        ConfigLoader.builder()
            .catalog(CATALOG)
            .environment(Map.of("HOSTNAME", "web"))
            .shard(1, 4)
            .build()
            .parse("app:\n  shard_count: 3\n  shard_index: auto\n", "monitor.yml");

    assertThat(config.app().shardIndex()).isEqualTo(1);
    assertThat(config.app().shardCount()).isEqualTo(4);
  }

  @Test
  void shardingAllIsReadAndAnUnknownValueListsTheAllowedOnes() {
    MonitorConfig config =
        loader(Map.of())
            .parse("exporters:\n  - type: heartbeat\n    sharding: all\n", "monitor.yml");
    assertThat(config.exporters().get(0).sharding()).isEqualTo(Sharding.ALL);

    assertThat(problemsOf(loader(Map.of()), "exporters:\n  - type: heartbeat\n    sharding: every\n"))
        .containsExactly(
            "monitor.yml:3:15: exporters[0].sharding: expecting one of: hash, all. Found: \"every\"");
  }

  @Test
  void theShardOfAnEntryFollowsTheAppSettings() {
    MonitorConfig config =
        loader(Map.of())
            .parse(
                "app:\n  shard_count: 3\n  shard_index: 0\nexporters:\n"
                    + "  - {type: heartbeat, name: a}\n  - {type: heartbeat, name: b}\n"
                    + "  - {type: heartbeat, name: c}\n  - {type: heartbeat, name: d}\n"
                    + "  - {type: heartbeat, name: local, sharding: all}\n",
                "monitor.yml");

    assertThat(config.shardExporters())
        .allSatisfy(entry -> assertThat(config.shardOf(entry)).isZero())
        .extracting(ExporterEntry::instanceName)
        .contains("local");
    assertThat(config.enabledExporters())
        .filteredOn(entry -> !config.shardExporters().contains(entry))
        .allSatisfy(entry -> assertThat(config.shardOf(entry)).isBetween(1, 2));
  }
}
