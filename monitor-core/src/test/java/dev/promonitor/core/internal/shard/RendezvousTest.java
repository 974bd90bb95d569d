package dev.promonitor.core.internal.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The assignment is part of the contract between replicas of different versions: these values
 * were computed by an independent implementation of the documented hash and must never change.
 */
class RendezvousTest {

  private static final int ENTRIES = 100_000;

  @Test
  void fnv1aGivesTheValuesOfItsSpecification() {
    assertThat(Rendezvous.fnv1a64(Rendezvous.FNV_OFFSET_BASIS, new byte[0]))
        .isEqualTo(0xcbf29ce484222325L);
    assertThat(Rendezvous.fnv1a64(Rendezvous.FNV_OFFSET_BASIS, "a".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(Rendezvous.fnv1a64(Rendezvous.FNV_OFFSET_BASIS, "foobar".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void finalizerIsMurmur3Fmix64() {
    assertThat(Rendezvous.fmix64(0)).isZero();
    assertThat(Rendezvous.fmix64(1)).isEqualTo(0xb456bcfc34c2cb2cL);
    assertThat(Rendezvous.fmix64(0x0123456789abcdefL)).isEqualTo(0x87cbfbfe89022ceaL);
  }

  @Test
  void keyHashSeparatesTypeAndNameWithAZeroByte() {
    assertThat(Rendezvous.keyHash("dir_size", "logs")).isEqualTo(0x1340949e6435ad03L);
    assertThat(Rendezvous.keyHash("heartbeat", null)).isEqualTo(0x34ecd4e959e66a15L);
    assertThat(Rendezvous.keyHash("dir_size", "données")).isEqualTo(0x69c5473245499761L);
    assertThat(Rendezvous.keyHash("a.b", "c")).isNotEqualTo(Rendezvous.keyHash("a", "b.c"));
  }

  @Test
  void assignmentIsPinnedForEveryVersion() {
    assertThat(shards("dir_size", "logs")).containsExactly(0, 2, 2, 2, 2);
    assertThat(shards("s3_size", "bucket-0001")).containsExactly(0, 0, 0, 7, 35);
    assertThat(shards("s3_size", "bucket-0002")).containsExactly(0, 0, 0, 0, 73);
    assertThat(shards("heartbeat", null)).containsExactly(0, 0, 3, 3, 22);
    assertThat(shards("dir_size", "données")).containsExactly(1, 2, 2, 2, 16);
  }

  @Test
  void oneShardRunsEverything() {
    assertThat(Rendezvous.shardOf("s3_size", "bucket-0001", 1)).isZero();
  }

  @Test
  void zeroShardsAreRefused() {
    assertThatThrownBy(() -> Rendezvous.shardOf("s3_size", "x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count: Expecting value > 0. Found: 0");
  }

  @Test
  void hundredThousandEntriesOnAHundredShardsStayWithinFifteenPercentOfTheMean() {
    int[] load = new int[100];
    for (int entry = 0; entry < ENTRIES; entry++) {
      load[Rendezvous.shardOf("s3_size", bucket(entry), 100)]++;
    }
    double mean = ENTRIES / 100.0;
    assertThat(Arrays.stream(load).max().orElseThrow()).isLessThanOrEqualTo((int) (mean * 1.15));
    assertThat(Arrays.stream(load).min().orElseThrow()).isGreaterThanOrEqualTo((int) (mean * 0.85));
  }

  @Test
  void aStepFromHundredToHundredAndOneShardsMovesOnlyEntriesToTheNewShard() {
    int moved = 0;
    for (int entry = 0; entry < ENTRIES; entry++) {
      long key = Rendezvous.keyHash("s3_size", bucket(entry));
      int before = Rendezvous.shardOf(key, 100);
      int after = Rendezvous.shardOf(key, 101);
      if (before != after) {
        assertThat(after).as("new shard of %s", bucket(entry)).isEqualTo(100);
        moved++;
      }
    }
    assertThat(moved).isPositive().isLessThanOrEqualTo((int) (ENTRIES * 1.2 / 101));
  }

  @Test
  void aStepFromThreeToFourShardsMovesAboutAQuarter() {
    int entries = 10_000;
    int moved = 0;
    for (int entry = 0; entry < entries; entry++) {
      long key = Rendezvous.keyHash("device", "switch-" + entry);
      int before = Rendezvous.shardOf(key, 3);
      int after = Rendezvous.shardOf(key, 4);
      if (before != after) {
        assertThat(after).isEqualTo(3);
        moved++;
      }
    }
    assertThat(moved).isBetween((int) (entries * 0.25 * 0.9), (int) (entries * 0.25 * 1.1));
  }

  private static String bucket(int entry) {
    return "bucket-" + entry;
  }

  private static int[] shards(String type, String name) {
    return Arrays.stream(new int[] {2, 3, 4, 10, 100})
        .map(count -> Rendezvous.shardOf(type, name, count))
        .toArray();
  }
}
