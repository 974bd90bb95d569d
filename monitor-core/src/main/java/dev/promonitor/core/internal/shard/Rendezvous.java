package dev.promonitor.core.internal.shard;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing of exporter entries over shards, with a hash fixed
 * here so that every replica, JVM and promonitor version computes the same assignment.
 *
 * <p>The key of an entry is the UTF-8 bytes of its {@code type}, one {@code 0x00} byte, and the
 * UTF-8 bytes of its {@code name} (nothing when it has none). Its key hash is the 64-bit FNV-1a
 * hash of the key (offset basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}). The
 * weight of shard {@code s} (0-based) for the entry is {@code fmix64(keyHash XOR ((s + 1) *
 * 0x9e3779b97f4a7c15))}, all in 64-bit arithmetic modulo 2<sup>64</sup>, where {@code fmix64} is
 * MurmurHash3's 64-bit finalizer. The entry runs on the shard with the largest weight, compared as
 * unsigned numbers; on a tie the lower index wins.
 *
 * <p>So a step from N to N+1 shards moves only the entries whose new shard's weight beats their
 * old winner: about 1/(N+1) of them, all to the new shard. FNV-1a mixes its input poorly by itself;
 * the finalizer makes each bit of the key hash change about half of each weight's bits.
 */
public final class Rendezvous {

  /** FNV-1a's 64-bit offset basis. */
  static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;

  /** FNV-1a's 64-bit prime. */
  static final long FNV_PRIME = 0x100000001b3L;

  /** The 64-bit golden ratio, which spreads shard numbers over all bits before they are mixed. */
  static final long SHARD_SPREAD = 0x9e3779b97f4a7c15L;

  private Rendezvous() {}

  /**
   * The shard that runs an entry.
   *
   * @param type the entry's {@code type}
   * @param name the entry's {@code name}, or {@code null} when it has none
   * @param count the number of shards, 1 or more
   * @return the shard's index, 0 to {@code count - 1}
   */
  public static int shardOf(String type, @Nullable String name, int count) {
    return shardOf(keyHash(type, name), count);
  }

  /**
   * The shard that runs the entry of a key hash.
   *
   * @param keyHash {@link #keyHash(String, String)}
   * @param count the number of shards, 1 or more
   * @return the shard's index, 0 to {@code count - 1}
   */
  public static int shardOf(long keyHash, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count: Expecting value > 0. Found: " + count);
    }
    int best = 0;
    long bestWeight = weight(keyHash, 0);
    for (int shard = 1; shard < count; shard++) {
      long weight = weight(keyHash, shard);
      if (Long.compareUnsigned(weight, bestWeight) > 0) {
        best = shard;
        bestWeight = weight;
      }
    }
    return best;
  }

  /**
   * The key hash of an entry: 64-bit FNV-1a of {@code type}, {@code 0x00} and {@code name}.
   *
   * @param type the entry's {@code type}
   * @param name the entry's {@code name}, or {@code null} when it has none
   * @return the hash
   */
  public static long keyHash(String type, @Nullable String name) {
    requireNonNull(type, "type must not be null");
    long hash = fnv1a64(FNV_OFFSET_BASIS, type.getBytes(StandardCharsets.UTF_8));
    // The 0x00 separator: XOR with zero leaves the hash, the multiplication remains.
    hash *= FNV_PRIME;
    return name == null ? hash : fnv1a64(hash, name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The weight of a shard for a key hash.
   *
   * @param keyHash the entry's key hash
   * @param shard the shard's index, 0 or more
   * @return the weight, to compare as an unsigned number
   */
  static long weight(long keyHash, int shard) {
    return fmix64(keyHash ^ ((shard + 1L) * SHARD_SPREAD));
  }

  /** 64-bit FNV-1a of {@code bytes}, continuing from {@code hash}. */
  static long fnv1a64(long hash, byte[] bytes) {
    long result = hash;
    for (byte value : bytes) {
      result ^= value & 0xff;
      result *= FNV_PRIME;
    }
    return result;
  }

  /** MurmurHash3's 64-bit finalizer. */
  static long fmix64(long value) {
    long mixed = value;
    mixed ^= mixed >>> 33;
    mixed *= 0xff51afd7ed558ccdL;
    mixed ^= mixed >>> 33;
    mixed *= 0xc4ceb9fe1a85ec53L;
    mixed ^= mixed >>> 33;
    return mixed;
  }
}
