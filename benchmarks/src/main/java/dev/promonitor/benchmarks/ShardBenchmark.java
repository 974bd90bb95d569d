package dev.promonitor.benchmarks;

import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.internal.shard.Rendezvous;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The assignment alone, at internet scale: 100,000 entries over 100 shards. Times how long every
 * replica takes to compute the shard of every entry (what each one does at start and at each
 * reload), against a baseline in the same run that only hashes the keys (the part that does not
 * grow with the shard count), and reports the balance and the share moved by a step to 101.
 */
final class ShardBenchmark {

  private static final int ENTRIES = 100_000;
  private static final int SHARDS = 100;
  private static final int WARMUPS = 5;
  private static final int REPETITIONS = 15;
  private static final long TARGET_NANOS = 1_000_000_000L;

  private ShardBenchmark() {}

  static String run() {
    List<ExporterEntry> entries = new ArrayList<>(ENTRIES);
    for (int index = 0; index < ENTRIES; index++) {
      entries.add(
          new ExporterEntry(
              "s3_size", "bucket-" + index, false, null, null, AppSettings.defaults().schedule(),
              Sharding.HASH));
    }
    ShardAssignment shard = new ShardAssignment(0, SHARDS);
    long[] assign = new long[REPETITIONS];
    long[] keysOnly = new long[REPETITIONS];
    int[] load = new int[SHARDS];
    long sink = 0;
    for (int round = 0; round < WARMUPS + REPETITIONS; round++) {
      long start = System.nanoTime();
      for (ExporterEntry entry : entries) {
        sink += Rendezvous.keyHash(entry.type(), entry.name());
      }
      long hashed = System.nanoTime();
      if (round == 0) {
        for (ExporterEntry entry : entries) {
          load[shard.shardOf(entry)]++;
        }
      }
      long assignStart = System.nanoTime();
      for (ExporterEntry entry : entries) {
        sink += shard.shardOf(entry);
      }
      long assigned = System.nanoTime();
      if (round >= WARMUPS) {
        keysOnly[round - WARMUPS] = hashed - start;
        assign[round - WARMUPS] = assigned - assignStart;
      }
    }
    int moved = 0;
    ShardAssignment grown = new ShardAssignment(0, SHARDS + 1);
    for (ExporterEntry entry : entries) {
      if (shard.shardOf(entry) != grown.shardOf(entry)) {
        moved++;
      }
    }
    int busiest = 0;
    int idlest = Integer.MAX_VALUE;
    for (int count : load) {
      busiest = Math.max(busiest, count);
      idlest = Math.min(idlest, count);
    }
    double mean = (double) ENTRIES / SHARDS;
    Stats assignStats = Stats.of(assign);
    Stats keyStats = Stats.of(keysOnly);
    Table table = new Table("what", "runs", "min ms", "median ms", "max ms", "target", "result");
    table.row("key hashes only (baseline)", String.valueOf(keyStats.count()),
        Stats.millis(keyStats.min(), 1), Stats.millis(keyStats.median(), 1), Stats.millis(keyStats.max(), 1),
        "", "");
    table.row("shard of every entry, 100 shards", String.valueOf(assignStats.count()),
        Stats.millis(assignStats.min(), 1), Stats.millis(assignStats.median(), 1),
        Stats.millis(assignStats.max(), 1), "< 1000 ms", Table.verdict(assignStats.median() < TARGET_NANOS));
    return "### shard: rendezvous assignment of " + ENTRIES + " entries over " + SHARDS + " shards\n\n"
        + table.render()
        + "\n"
        + String.format(
            Locale.ROOT,
            "- balance: busiest shard %d entries, idlest %d, mean %.0f: the busiest is %+.1f %% off the mean"
                + " (target within 15 %%: %s).%n"
                + "- a step to %d shards moves %d entries, %.3f of them (target at most 1.2/101 = %.3f: %s).%n"
                + "- (checksum %d)%n",
            busiest, idlest, mean, (busiest - mean) / mean * 100,
            Table.verdict(busiest <= mean * 1.15 && idlest >= mean * 0.85),
            SHARDS + 1, moved, (double) moved / ENTRIES, 1.2 / 101, Table.verdict(moved <= ENTRIES * 1.2 / 101),
            sink);
  }
}
