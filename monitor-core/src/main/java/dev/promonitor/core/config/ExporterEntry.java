package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterProvider;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code exporters} list: the settings of one exporter instance.
 *
 * @param index the entry's position in the list of the file it came from (see {@code location}),
 *     0-based, as in {@code exporters[0]}
 * @param type the {@code type} key
 * @param name the {@code name} key, {@code null} when absent or blank
 * @param enabled the {@code enabled} key; default {@code true}
 * @param provider the discovered exporter type; {@code null} only for a disabled entry, which is
 *     neither resolved nor bound (as in the Python framework, a broken but disabled entry is harmless)
 * @param config the {@code config} mapping bound to the provider's config class and validated;
 *     {@code null} for a {@code Void} exporter and for disabled entries
 * @param location where the entry starts: the main config file, or a file of the config
 *     directory
 * @param schedule the entry's interval, timeout, initial delay, jitter and failure policy, with
 *     the {@code app} section's defaults applied
 * @param maskedConfigPaths JSON pointers, relative to {@code config}, of the values that came from
 *     a {@code ${...}} substitution (an environment variable or a secret file), such as
 *     {@code /password}: whoever shows the config shows these as {@code ****}
 * @param sharding the {@code sharding} key: which shards of a sharded runner run the entry;
 *     default {@link Sharding#HASH}
 */
public record ExporterEntry(
    int index,
    String type,
    @Nullable String name,
    boolean enabled,
    @Nullable ExporterProvider provider,
    @Nullable Object config,
    ConfigLocation location,
    ExporterSchedule schedule,
    Set<String> maskedConfigPaths,
    Sharding sharding) {

  /** Checks the arguments and copies the set. */
  public ExporterEntry {
    requireNonNull(type, "type must not be null");
    requireNonNull(sharding, "sharding must not be null");
    maskedConfigPaths = Set.copyOf(maskedConfigPaths);
    requireNonNull(location, "location must not be null");
    requireNonNull(schedule, "schedule must not be null");
    if (name != null && name.isBlank()) {
      name = null;
    }
    if (enabled && provider == null) {
      throw new IllegalArgumentException("an enabled entry needs its provider: " + type);
    }
  }

  /**
   * An entry of the default sharding, {@link Sharding#HASH}.
   *
   * @param index the entry's position in the list
   * @param type the {@code type} key
   * @param name the {@code name} key
   * @param enabled the {@code enabled} key
   * @param provider the discovered exporter type
   * @param config the bound config
   * @param location where the entry starts
   * @param schedule the entry's schedule
   * @param maskedConfigPaths the pointers of substituted values under {@code config}
   */
  public ExporterEntry(
      int index,
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ConfigLocation location,
      ExporterSchedule schedule,
      Set<String> maskedConfigPaths) {
    this(index, type, name, enabled, provider, config, location, schedule, maskedConfigPaths, Sharding.HASH);
  }

  /**
   * An entry without substituted values.
   *
   * @param index the entry's position in the list
   * @param type the {@code type} key
   * @param name the {@code name} key
   * @param enabled the {@code enabled} key
   * @param provider the discovered exporter type
   * @param config the bound config
   * @param location where the entry starts
   * @param schedule the entry's schedule
   */
  public ExporterEntry(
      int index,
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ConfigLocation location,
      ExporterSchedule schedule) {
    this(index, type, name, enabled, provider, config, location, schedule, Set.of());
  }

  /**
   * This entry with another schedule.
   *
   * @param schedule the schedule
   * @return a new entry, equal but for its schedule
   */
  public ExporterEntry withSchedule(ExporterSchedule schedule) {
    return new ExporterEntry(
        index, type, name, enabled, provider, config, location, schedule, maskedConfigPaths, sharding);
  }

  /**
   * The instance name: {@link #name()}, or the type when the entry has none.
   *
   * @return the name used in logs, metrics labels and the status page
   */
  public String instanceName() {
    return name != null ? name : type;
  }

  /**
   * The Python framework's qualified name: {@code type.name}, or {@code type} when the entry has no name.
   *
   * @return the qualified name
   */
  public String qualifiedName() {
    return name != null ? type + "." + name : type;
  }
}
