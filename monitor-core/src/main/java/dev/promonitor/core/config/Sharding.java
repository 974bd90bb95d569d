package dev.promonitor.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An entry's {@code sharding} key: which replicas of a sharded runner run it. */
public enum Sharding {
  /** The default: the one shard that rendezvous hashing of its type and name picks. */
  HASH,
  /** Every shard, for what is local to each replica (its disk, its host). */
  ALL;

  /**
   * The value in the config file.
   *
   * @return {@code hash} or {@code all}
   */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of a config value.
   *
   * @param value {@code hash} or {@code all}
   * @return the constant, or empty for any other value
   */
  public static Optional<Sharding> fromConfigValue(String value) {
    return Arrays.stream(values()).filter(sharding -> sharding.configValue().equals(value)).findFirst();
  }
}
