package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.shard.ShardAssignment;
import java.util.List;

/**
 * A loaded, validated config: what one host runs.
 *
 * @param source the file it came from, as the user named it, or a description such as
 *     {@code <inline>}
 * @param app the {@code app} section
 * @param logging the {@code logging} section
 * @param exporters every entry of the {@code exporters} list, disabled ones included, in order
 *     (those of the config dir after the file's own)
 * @param webConfig the web config that {@code app.web_config_file} (or the loader's
 *     {@link ConfigLoader.Builder#webConfigFile}) names, read with the config;
 *     {@link WebConfig#none()} when there is none
 */
public record MonitorConfig(
    String source,
    AppSettings app,
    LoggingSettings logging,
    List<ExporterEntry> exporters,
    WebConfig webConfig) {

  /** Checks the arguments and copies the list. */
  public MonitorConfig {
    requireNonNull(source, "source must not be null");
    requireNonNull(app, "app must not be null");
    requireNonNull(logging, "logging must not be null");
    exporters = List.copyOf(exporters);
    requireNonNull(webConfig, "webConfig must not be null");
  }

  /**
   * A config without a web config: plain HTTP unless the host is given one in code.
   *
   * @param source the file it came from
   * @param app the {@code app} section
   * @param logging the {@code logging} section
   * @param exporters every entry of the {@code exporters} list
   */
  public MonitorConfig(
      String source, AppSettings app, LoggingSettings logging, List<ExporterEntry> exporters) {
    this(source, app, logging, exporters, WebConfig.none());
  }

  /**
   * The entries that the host runs.
   *
   * @return the enabled entries, in order
   */
  public List<ExporterEntry> enabledExporters() {
    return exporters.stream().filter(ExporterEntry::enabled).toList();
  }

  /**
   * The entries that this replica runs: of the enabled entries, those that rendezvous hashing
   * gives to shard {@code app.shard_index} of {@code app.shard_count}, and those with
   * {@code sharding: all}. All enabled entries when the count is 1.
   *
   * @return this shard's entries, in order
   */
  public List<ExporterEntry> shardExporters() {
    return ShardAssignment.of(app).ownEntries(enabledExporters());
  }

  /**
   * The shard that runs an entry of this config.
   *
   * @param entry an enabled entry
   * @return the index of its shard; {@code app.shard_index} for one with {@code sharding: all}
   */
  public int shardOf(ExporterEntry entry) {
    return ShardAssignment.of(app).shardOf(entry);
  }

  /**
   * Whether a web config file secures the endpoint.
   *
   * @return {@code false} when {@link #webConfig()} is {@link WebConfig#none()}
   */
  public boolean hasWebConfig() {
    return webConfig != WebConfig.none();
  }

  /**
   * This config with another web config.
   *
   * @param webConfig the web config
   * @return a new config, equal but for its web config
   */
  public MonitorConfig withWebConfig(WebConfig webConfig) {
    return new MonitorConfig(source, app, logging, exporters, webConfig);
  }
}
