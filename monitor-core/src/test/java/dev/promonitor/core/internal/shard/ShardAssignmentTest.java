package dev.promonitor.core.internal.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.Sharding;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardAssignmentTest {

  private static final List<ExporterEntry> ENTRIES =
      IntStream.range(0, 30).mapToObj(index -> entry(index, "bucket-" + index, Sharding.HASH)).toList();

  @Test
  void everyHashedEntryRunsOnExactlyOneShard() {
    List<ShardAssignment> shards =
        IntStream.range(0, 3).mapToObj(index -> new ShardAssignment(index, 3)).toList();
    for (ExporterEntry entry : ENTRIES) {
      assertThat(shards.stream().filter(shard -> shard.runsHere(entry))).hasSize(1);
    }
    assertThat(shards.stream().mapToInt(shard -> shard.ownEntries(ENTRIES).size()).sum())
        .isEqualTo(ENTRIES.size());
  }

  @Test
  void anEntryWithShardingAllRunsOnEveryShard() {
    ExporterEntry local = entry(30, "local-disk", Sharding.ALL);
    for (int index = 0; index < 3; index++) {
      ShardAssignment shard = new ShardAssignment(index, 3);
      assertThat(shard.runsHere(local)).isTrue();
      assertThat(shard.shardOf(local)).isEqualTo(index);
    }
  }

  @Test
  void theShardOfAHashedEntryIsTheRendezvousWinner() {
    ExporterEntry entry = entry(0, "bucket-0001", Sharding.HASH);
    assertThat(new ShardAssignment(1, 100).shardOf(entry)).isEqualTo(35);
  }

  @Test
  void appSettingsGiveTheShard() {
    ShardAssignment shard = ShardAssignment.of(AppSettings.builder().shardCount(3).shardIndex(2).build());
    assertThat(shard).isEqualTo(new ShardAssignment(2, 3));
    assertThat(shard).hasToString("2/3");
  }

  @Test
  void anIndexOutsideTheCountIsRefused() {
    assertThatThrownBy(() -> new ShardAssignment(3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index: Expecting value between 0 and 2. Found: 3");
    assertThatThrownBy(() -> new ShardAssignment(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard count: Expecting value > 0. Found: 0");
  }

  @Test
  void statusListsOtherShardsEntriesWithTheShardThatRunsThem() {
    ShardAssignment shard = new ShardAssignment(0, 3);
    List<ExporterEntry> entries =
        List.of(entry(0, "bucket-1", Sharding.HASH), entry(1, "bucket-2", Sharding.HASH),
            entry(2, "bucket-3", Sharding.HASH), entry(3, "local", Sharding.ALL));
    List<ExporterStatus> own =
        shard.ownEntries(entries).stream().map(ShardAssignmentTest::upStatus).toList();

    List<ExporterStatus> all = shard.withOtherShards(entries, own);

    assertThat(all)
        .extracting(ExporterStatus::name, ExporterStatus::state, ExporterStatus::sharding, ExporterStatus::shard)
        .containsExactly(
            row(shard, entries.get(0)),
            row(shard, entries.get(1)),
            row(shard, entries.get(2)),
            tuple("local", ExporterStatus.State.UP, Sharding.ALL, 0));
    assertThat(all).filteredOn(status -> status.state() == ExporterStatus.State.OTHER_SHARD)
        .isNotEmpty()
        .allSatisfy(status -> assertThat(status.shard()).isNotZero());
  }

  private static org.assertj.core.groups.Tuple row(ShardAssignment shard, ExporterEntry entry) {
    int runsOn = shard.shardOf(entry);
    return tuple(
        entry.instanceName(),
        runsOn == shard.index() ? ExporterStatus.State.UP : ExporterStatus.State.OTHER_SHARD,
        Sharding.HASH,
        runsOn);
  }

  private static ExporterStatus upStatus(ExporterEntry entry) {
    return ExporterStatus.builder(entry.type(), entry.instanceName())
        .interval(Duration.ofSeconds(60))
        .timeout(Duration.ofSeconds(60))
        .state(ExporterStatus.State.UP)
        .successes(1)
        .series(1)
        .build();
  }

  private static ExporterEntry entry(int index, String name, Sharding sharding) {
    return EntrySource.entry(
        "s3_size", name, false, null, null, AppSettings.defaults().schedule(), sharding,
        new EntrySource(index, ConfigLocation.of("monitor.yml"), Set.of()));
  }
}
