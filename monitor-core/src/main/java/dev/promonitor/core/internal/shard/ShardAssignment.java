package dev.promonitor.core.internal.shard;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.Sharding;
import java.util.ArrayList;
import java.util.List;

/**
 * Which entries one shard of a sharded runner runs: those that {@link Rendezvous} gives it, and
 * those with {@code sharding: all}. Immutable.
 *
 * @param index this shard's index, 0 to {@code count - 1}
 * @param count the number of shards, 1 or more
 */
public record ShardAssignment(int index, int count) {

  /** Checks the range. */
  public ShardAssignment {
    if (count < 1) {
      throw new IllegalArgumentException("shard count: Expecting value > 0. Found: " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index: Expecting value between 0 and " + (count - 1) + ". Found: " + index);
    }
  }

  /**
   * The shard that the app settings name.
   *
   * @param app {@code app.shard_index} and {@code app.shard_count}
   * @return the assignment
   */
  public static ShardAssignment of(AppSettings app) {
    return new ShardAssignment(app.shardIndex(), app.shardCount());
  }

  /**
   * Whether this shard runs an entry.
   *
   * @param entry an entry
   * @return {@code true} for an entry of this shard or one with {@code sharding: all}
   */
  public boolean runsHere(ExporterEntry entry) {
    return shardOf(entry) == index;
  }

  /**
   * The shard that runs an entry.
   *
   * @param entry an entry
   * @return its shard's index; this shard's for one with {@code sharding: all}
   */
  public int shardOf(ExporterEntry entry) {
    requireNonNull(entry, "entry must not be null");
    if (count == 1 || entry.sharding() == Sharding.ALL) {
      return index;
    }
    return Rendezvous.shardOf(entry.type(), entry.name(), count);
  }

  /**
   * The entries this shard runs.
   *
   * @param entries the enabled entries of a config
   * @return those that run here, in order
   */
  public List<ExporterEntry> ownEntries(List<ExporterEntry> entries) {
    return count == 1 ? List.copyOf(entries) : entries.stream().filter(this::runsHere).toList();
  }

  /**
   * The status of every enabled entry: this shard's own, with their sharding and this shard's
   * index, and for each entry of another shard one in {@link ExporterStatus.State#OTHER_SHARD}
   * naming that shard, in config order.
   *
   * @param enabled the enabled entries of the running config
   * @param own the status of this shard's instances, in the order of {@link #ownEntries}
   * @return one status per enabled entry
   */
  public List<ExporterStatus> withOtherShards(List<ExporterEntry> enabled, List<ExporterStatus> own) {
    List<ExporterStatus> all = new ArrayList<>(enabled.size());
    int next = 0;
    for (ExporterEntry entry : enabled) {
      int runsOn = shardOf(entry);
      if (runsOn != index) {
        all.add(
            ExporterStatus.builder(entry.type(), entry.instanceName())
                .interval(entry.schedule().interval())
                .timeout(entry.schedule().timeout())
                .state(ExporterStatus.State.OTHER_SHARD)
                .sharding(entry.sharding())
                .shard(runsOn)
                .build());
      } else if (next < own.size() && isStatusOf(own.get(next), entry)) {
        all.add(own.get(next++).toBuilder().sharding(entry.sharding()).shard(index).build());
      }
    }
    // Left over only when a reload swapped the config between the two reads.
    all.addAll(own.subList(next, own.size()));
    return all;
  }

  private static boolean isStatusOf(ExporterStatus status, ExporterEntry entry) {
    return status.type().equals(entry.type()) && status.name().equals(entry.instanceName());
  }

  /**
   * The shard as {@code --shard} writes it.
   *
   * @return {@code INDEX/COUNT}, such as {@code 1/3}
   */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
