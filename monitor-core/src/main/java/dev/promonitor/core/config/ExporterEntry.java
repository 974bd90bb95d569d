package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.internal.config.EntrySource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code exporters} list: the settings of one exporter instance. Immutable.
 *
 * <p>Where the entry stands in its file, and which of its values came from a substitution, are
 * the loader's business and stay out of this type.
 */
public final class ExporterEntry {

  static {
    EntrySource.install(
        new EntrySource.Access() {
          @Override
          public ExporterEntry create(
              String type,
              @Nullable String name,
              boolean enabled,
              @Nullable ExporterProvider provider,
              @Nullable Object config,
              ExporterSchedule schedule,
              Sharding sharding,
              EntrySource source) {
            return new ExporterEntry(type, name, enabled, provider, config, schedule, sharding, source);
          }

          @Override
          public EntrySource sourceOf(ExporterEntry entry) {
            return entry.source;
          }
        });
  }

  private final String type;
  private final @Nullable String name;
  private final boolean enabled;
  private final @Nullable ExporterProvider provider;
  private final @Nullable Object config;
  private final ExporterSchedule schedule;
  private final Sharding sharding;
  private final EntrySource source;

  /**
   * An entry built in code.
   *
   * @param type the {@code type} key
   * @param name the {@code name} key, {@code null} (or blank) for none
   * @param enabled the {@code enabled} key
   * @param provider the discovered exporter type; {@code null} only for a disabled entry, which is
   *     neither resolved nor bound (as in the Python framework, a broken but disabled entry is
   *     harmless)
   * @param config the {@code config} mapping bound to the provider's config class and validated;
   *     {@code null} for a {@code Void} exporter and for disabled entries
   * @param schedule the entry's interval, timeout, initial delay, jitter and failure policy, with
   *     the {@code app} section's defaults applied
   * @throws IllegalArgumentException when an enabled entry has no provider
   */
  public ExporterEntry(
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ExporterSchedule schedule) {
    this(type, name, enabled, provider, config, schedule, Sharding.HASH, EntrySource.CODE);
  }

  /**
   * An entry built in code, with its {@code sharding} key.
   *
   * @param type the {@code type} key
   * @param name the {@code name} key, {@code null} (or blank) for none
   * @param enabled the {@code enabled} key
   * @param provider the discovered exporter type; {@code null} only for a disabled entry
   * @param config the bound config; {@code null} for a {@code Void} exporter and disabled entries
   * @param schedule the entry's schedule, with the {@code app} section's defaults applied
   * @param sharding which shards of a sharded runner run the entry
   * @throws IllegalArgumentException when an enabled entry has no provider
   */
  public ExporterEntry(
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ExporterSchedule schedule,
      Sharding sharding) {
    this(type, name, enabled, provider, config, schedule, sharding, EntrySource.CODE);
  }

  private ExporterEntry(
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ExporterSchedule schedule,
      Sharding sharding,
      EntrySource source) {
    this.type = requireNonNull(type, "type must not be null");
    this.sharding = requireNonNull(sharding, "sharding must not be null");
    this.name = name != null && name.isBlank() ? null : name;
    this.enabled = enabled;
    this.provider = provider;
    this.config = config;
    this.schedule = requireNonNull(schedule, "schedule must not be null");
    this.source = requireNonNull(source, "source must not be null");
    if (enabled && provider == null) {
      throw new IllegalArgumentException("an enabled entry needs its provider: " + type);
    }
  }

  /**
   * The {@code type} key.
   *
   * @return the exporter type
   */
  public String type() {
    return type;
  }

  /**
   * The {@code name} key.
   *
   * @return the name, {@code null} when absent or blank
   */
  public @Nullable String name() {
    return name;
  }

  /**
   * The {@code enabled} key; default {@code true}.
   *
   * @return whether the host runs this entry
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The discovered exporter type.
   *
   * @return the provider; {@code null} only for a disabled entry
   */
  public @Nullable ExporterProvider provider() {
    return provider;
  }

  /**
   * The {@code config} mapping, bound to the provider's config class and validated.
   *
   * @return the config; {@code null} for a {@code Void} exporter and for disabled entries
   */
  public @Nullable Object config() {
    return config;
  }

  /**
   * The entry's schedule, with the {@code app} section's defaults applied.
   *
   * @return the schedule
   */
  public ExporterSchedule schedule() {
    return schedule;
  }

  /**
   * The {@code sharding} key: which shards of a sharded runner run the entry.
   *
   * @return the sharding; default {@link Sharding#HASH}
   */
  public Sharding sharding() {
    return sharding;
  }

  /**
   * This entry with another schedule.
   *
   * @param schedule the schedule
   * @return a new entry, equal but for its schedule
   */
  public ExporterEntry withSchedule(ExporterSchedule schedule) {
    return new ExporterEntry(type, name, enabled, provider, config, schedule, sharding, source);
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
   * The Python framework's qualified name: {@code type.name}, or {@code type} when the entry has
   * no name.
   *
   * @return the qualified name
   */
  public String qualifiedName() {
    return name != null ? type + "." + name : type;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ExporterEntry that
        && type.equals(that.type)
        && Objects.equals(name, that.name)
        && enabled == that.enabled
        && Objects.equals(provider, that.provider)
        && Objects.equals(config, that.config)
        && schedule.equals(that.schedule)
        && sharding == that.sharding
        && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, enabled, provider, config, schedule, sharding, source);
  }

  /** Returns the qualified name, the type and whether the entry is enabled. */
  @Override
  public String toString() {
    return "ExporterEntry[" + qualifiedName() + ", type=" + type + ", enabled=" + enabled + "]";
  }
}
