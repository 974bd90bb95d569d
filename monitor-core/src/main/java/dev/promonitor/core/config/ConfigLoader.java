package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.ConfigReader;
import dev.promonitor.core.internal.config.WebConfigReader;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads a config file: parses YAML ({@code .yml}, {@code .yaml}) or JSON ({@code .json}), replaces
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} and {@code ${file:PATH}} in
 * values, binds each exporter's {@code config} to its config class, checks everything, and reports
 * every problem at once with its file, line, column and key path. Substituted values are treated as
 * secrets: they are shown as {@code ****} in problems and listed in {@link
 * ExporterEntry#maskedConfigPaths()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigLoader {

  private final ConfigReader reader;
  private final WebConfigReader webReader;

  private ConfigLoader(Builder builder) {
    ExporterCatalog catalog = requireNonNull(builder.catalog, "catalog must be set");
    Map<String, String> environment = builder.environment;
    Function<String, @Nullable String> variables =
        environment == null ? System::getenv : environment::get;
    this.reader = new ConfigReader(catalog, variables, builder.configDir, builder.shard);
    this.webReader = new WebConfigReader(variables);
  }

  /**
   * A loader that resolves exporter types in {@code catalog} and reads the process's environment.
   *
   * @param catalog the exporter types the host knows
   * @return the loader
   */
  public static ConfigLoader create(ExporterCatalog catalog) {
    requireNonNull(catalog, "catalog must not be null");
    return builder().catalog(catalog).build();
  }

  /**
   * Starts building a loader.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads, binds and validates a file, and the files of its config directory; the source in
   * messages is the path as given. Relative {@code ${file:...}} paths, {@code app.config_dir} and
   * {@code app.web_config_file} start from the file's directory.
   *
   * @param file the config file
   * @return the validated config
   * @throws ConfigException with every problem found: a missing or unreadable file, a syntax
   *     error, unknown keys, values of the wrong type or out of range, unknown exporter types,
   *     violated constraints of config classes, unset environment variables
   */
  public MonitorConfig load(Path file) throws ConfigException {
    return reader.load(file);
  }

  /**
   * Same for text; the format comes from sourceName's suffix (.json → JSON, else YAML). Relative
   * {@code ${file:...}} paths, {@code app.config_dir} and {@code app.web_config_file} start from
   * the working directory.
   *
   * @param content the config text
   * @param sourceName the name used in messages, such as {@code monitor.yml}
   * @return the validated config
   * @throws ConfigException with every problem found
   */
  public MonitorConfig parse(String content, String sourceName) throws ConfigException {
    return reader.parse(content, sourceName, Path.of("").toAbsolutePath());
  }

  /**
   * Loads a web config file in the format of Prometheus's exporter-toolkit, which secures the
   * HTTP endpoint: {@code tls_server_config} ({@code cert_file}, {@code key_file},
   * {@code client_ca_file}, {@code client_auth_type}, {@code min_version}, {@code max_version}),
   * {@code basic_auth_users} (user name to bcrypt hash) and {@code http_server_config.headers}.
   * Relative paths start from the file's directory; {@code ${...}} references are replaced as in
   * the main config.
   *
   * @param file the web config file ({@code .yml}, {@code .yaml} or {@code .json})
   * @return the web config, with its certificates and keys read
   * @throws ConfigException with every problem found, in the same form as for the main config
   */
  public WebConfig loadWebConfig(Path file) throws ConfigException {
    requireNonNull(file, "file must not be null");
    return webReader.load(file);
  }

  /** Builds a {@link ConfigLoader}. Not thread-safe. */
  public static final class Builder {

    private @Nullable ExporterCatalog catalog;
    private @Nullable Map<String, String> environment;
    private @Nullable Path configDir;
    private @Nullable ShardAssignment shard;

    private Builder() {}

    /**
     * The exporter types that entries may name. Required.
     *
     * @param catalog the discovered types
     * @return this builder
     */
    public Builder catalog(ExporterCatalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog must not be null");
      return this;
    }

    /**
     * The environment variables that {@code ${VAR}} references read. Default: the process's
     * environment, {@link System#getenv()}, read when a file is loaded.
     *
     * @param environment the variables; copied
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment must not be null"));
      return this;
    }

    /**
     * A directory whose {@code *.yml}, {@code *.yaml} and {@code *.json} files (not those of its
     * sub-directories) each hold an {@code exporters} list and nothing else; their entries follow
     * the main file's, file by file in the order of the names. Replaces the config file's
     * {@code app.config_dir}. Default: none, {@code app.config_dir} applies.
     *
     * @param configDir the directory, absolute or relative to the working directory
     * @return this builder
     */
    public Builder configDir(Path configDir) {
      this.configDir = requireNonNull(configDir, "configDir must not be null");
      return this;
    }

    /**
     * This replica's shard, replacing the config file's {@code app.shard_index} and
     * {@code app.shard_count} (as the runner's {@code --shard INDEX/COUNT} does). Default: the
     * file's.
     *
     * @param index the shard's index, 0 to {@code count - 1}
     * @param count the number of shards, 1 or more
     * @return this builder
     * @throws IllegalArgumentException when the index or count is out of range
     */
    public Builder shard(int index, int count) {
      this.shard = new ShardAssignment(index, count);
      return this;
    }

    /**
     * Creates the loader.
     *
     * @return the loader
     * @throws NullPointerException when no catalog was set
     */
    public ConfigLoader build() {
      return new ConfigLoader(this);
    }
  }
}
