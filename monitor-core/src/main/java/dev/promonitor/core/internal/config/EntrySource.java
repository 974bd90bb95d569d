package dev.promonitor.core.internal.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.Sharding;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link ExporterEntry} came from, as the loader knows it, kept off the public type:
 * its place in the file, for messages, and the values that came from a substitution, for masking.
 *
 * @param index the entry's position in the list of the file it came from, 0-based, as in
 *     {@code exporters[0]}
 * @param location where the entry starts: the main config file, or a file of the config dir
 * @param maskedConfigPaths JSON pointers, relative to {@code config}, of the values that came from
 *     a {@code ${...}} substitution (an environment variable or a secret file), such as
 *     {@code /password}: whoever shows the config shows these as {@code ****}
 */
public record EntrySource(int index, ConfigLocation location, Set<String> maskedConfigPaths) {

  /** The source of an entry built in code. */
  public static final EntrySource CODE = new EntrySource(0, ConfigLocation.of("<code>"), Set.of());

  private static volatile @Nullable Access access;

  /** Checks the arguments and copies the set. */
  public EntrySource {
    requireNonNull(location, "location must not be null");
    maskedConfigPaths = Set.copyOf(maskedConfigPaths);
  }

  /**
   * How this package creates entries and reads their source: {@link ExporterEntry} installs it
   * when it is initialized, since its constructor with a source is private.
   */
  public interface Access {
    /**
     * Creates an entry with its source.
     *
     * @param type the {@code type} key
     * @param name the {@code name} key
     * @param enabled the {@code enabled} key
     * @param provider the provider, {@code null} for a disabled entry
     * @param config the bound config
     * @param schedule the schedule
     * @param sharding the {@code sharding} key
     * @param source where it came from
     * @return the entry
     */
    ExporterEntry create(
        String type,
        @Nullable String name,
        boolean enabled,
        @Nullable ExporterProvider provider,
        @Nullable Object config,
        ExporterSchedule schedule,
        Sharding sharding,
        EntrySource source);

    /**
     * The source of an entry.
     *
     * @param entry the entry
     * @return its source
     */
    EntrySource sourceOf(ExporterEntry entry);
  }

  /**
   * Installs the access; called once, by {@link ExporterEntry}.
   *
   * @param installed the access
   * @throws IllegalStateException when it was installed already
   */
  public static void install(Access installed) {
    requireNonNull(installed, "installed must not be null");
    synchronized (EntrySource.class) {
      if (access != null) {
        throw new IllegalStateException("the entry access is installed already");
      }
      access = installed;
    }
  }

  /**
   * Creates an entry read from a file.
   *
   * @param type the {@code type} key
   * @param name the {@code name} key
   * @param enabled the {@code enabled} key
   * @param provider the provider, {@code null} for a disabled entry
   * @param config the bound config
   * @param schedule the schedule
   * @param sharding the {@code sharding} key
   * @param source where it came from
   * @return the entry
   */
  public static ExporterEntry entry(
      String type,
      @Nullable String name,
      boolean enabled,
      @Nullable ExporterProvider provider,
      @Nullable Object config,
      ExporterSchedule schedule,
      Sharding sharding,
      EntrySource source) {
    return access().create(type, name, enabled, provider, config, schedule, sharding, source);
  }

  /**
   * The source of an entry: {@link #CODE} for one built in code.
   *
   * @param entry the entry
   * @return its source
   */
  public static EntrySource of(ExporterEntry entry) {
    return access().sourceOf(requireNonNull(entry, "entry must not be null"));
  }

  private static Access access() {
    Access installed = access;
    if (installed == null) {
      try {
        // Initializing ExporterEntry installs the access.
        Class.forName(ExporterEntry.class.getName(), true, ExporterEntry.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      installed = requireNonNull(access, "ExporterEntry did not install its access");
    }
    return installed;
  }
}
