package dev.promonitor.core.config;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.ConfigReader;
import dev.promonitor.core.internal.config.WebConfigReader;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one way in for a config: loads a config file with the files of its config dir and the web
 * config file it names, for the runner and for {@link dev.promonitor.core.ExporterHost.Builder#configFile}
 * alike. Parses YAML ({@code .yml}, {@code .yaml}) or JSON ({@code .json}), replaces
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} and {@code ${file:PATH}} in
 * values, binds each exporter's {@code config} to its config class, checks everything, and reports
 * every problem at once with its file, line, column and key path. Substituted values are treated as
 * secrets: they are shown as {@code ****} in problems and in {@code --dry-run}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigLoader {

  private final ConfigReader reader;
  private final WebConfigReader webReader;
  private final @Nullable Path webConfigFile;

  private ConfigLoader(Builder builder) {
    ExporterCatalog catalog = requireNonNull(builder.catalog, "catalog must be set");
    Map<String, String> environment = builder.environment;
    Function<String, @Nullable String> variables =
        environment == null ? System::getenv : environment::get;
    this.reader = new ConfigReader(catalog, variables, builder.configDir, builder.shard);
    this.webReader = new WebConfigReader(variables);
    this.webConfigFile = builder.webConfigFile;
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
   * Loads, binds and validates a file, the files of its config directory and its web config file;
   * the source in messages is the path as given. Relative {@code ${file:...}} paths,
   * {@code app.config_dir} and {@code app.web_config_file} start from the file's directory.
   *
   * @param file the config file
   * @return the validated config, with its {@link MonitorConfig#webConfig() web config}
   * @throws ConfigException with every problem found: a missing or unreadable file, a syntax
   *     error, unknown keys, values of the wrong type or out of range, unknown exporter types,
   *     violated constraints of config classes, unset environment variables; with a {@link
   *     Builder#webConfigFile web config file} given to the loader, that file's problems too
   * @throws WebConfigException when the config is valid but its web config file is not
   */
  public MonitorConfig load(Path file) throws ConfigException {
    requireNonNull(file, "file must not be null");
    MonitorConfig config;
    try {
      config = reader.load(file);
    } catch (ConfigException e) {
      throw withWebConfigProblems(e);
    }
    return withWebConfig(config);
  }

  /**
   * Same for text; the format comes from sourceName's suffix (.json → JSON, else YAML). Relative
   * {@code ${file:...}} paths, {@code app.config_dir} and {@code app.web_config_file} start from
   * the working directory.
   *
   * @param content the config text
   * @param sourceName the name used in messages, such as {@code monitor.yml}
   * @return the validated config, with its web config
   * @throws ConfigException with every problem found
   * @throws WebConfigException when the config is valid but its web config file is not
   */
  public MonitorConfig parse(String content, String sourceName) throws ConfigException {
    MonitorConfig config;
    try {
      config = reader.parse(content, sourceName, Path.of("").toAbsolutePath());
    } catch (ConfigException e) {
      throw withWebConfigProblems(e);
    }
    return withWebConfig(config);
  }

  /** Reads the web config file that the loader was given, or else the one the config names. */
  private MonitorConfig withWebConfig(MonitorConfig config) {
    Path web = webConfigFile != null ? webConfigFile : config.app().webConfigFile();
    return web == null ? config : config.withWebConfig(loadWebConfig(web));
  }

  /**
   * Adds the problems of the loader's web config file to those of the config, so that one run
   * reports the problems of both files. A web config file that the config names cannot be read
   * then: the config that names it is not valid.
   */
  private ConfigException withWebConfigProblems(ConfigException configProblems) {
    if (webConfigFile == null) {
      return configProblems;
    }
    try {
      webReader.load(webConfigFile);
      return configProblems;
    } catch (ConfigException e) {
      List<ConfigProblem> all = new ArrayList<>(configProblems.problems());
      all.addAll(e.problems());
      return new ConfigException(all);
    }
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
   * @throws WebConfigException with every problem found, in the same form as for the main config
   */
  public WebConfig loadWebConfig(Path file) throws WebConfigException {
    requireNonNull(file, "file must not be null");
    try {
      return webReader.load(file);
    } catch (WebConfigException e) {
      throw e;
    } catch (ConfigException e) {
      throw new WebConfigException(e.problems());
    }
  }

  /** Builds a {@link ConfigLoader}. Not thread-safe. */
  public static final class Builder {

    private @Nullable ExporterCatalog catalog;
    private @Nullable Map<String, String> environment;
    private @Nullable Path configDir;
    private @Nullable ShardAssignment shard;
    private @Nullable Path webConfigFile;

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
     * The web config file that secures the endpoint (TLS, basic auth, headers), in the format of
     * {@link #loadWebConfig}. Replaces the config file's {@code app.web_config_file}. Default:
     * none, {@code app.web_config_file} applies.
     *
     * @param webConfigFile the file, absolute or relative to the working directory
     * @return this builder
     */
    public Builder webConfigFile(Path webConfigFile) {
      this.webConfigFile = requireNonNull(webConfigFile, "webConfigFile must not be null");
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
