package dev.promonitor.core.internal.host;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.internal.config.CodeConfigChecker;
import dev.promonitor.core.internal.config.EmbeddedConfigNotes;
import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.internal.discovery.ExporterClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where a host's config comes from: a loaded config, a config file (loaded by {@link ConfigLoader}
 * as the runner loads it, and loaded again at each reload), or the app settings alone; then the
 * exporters registered in code after the config's entries.
 */
public final class HostConfigSource {

  /** An exporter registered in code, before the app settings are known. */
  public record CodeExporter(
      ExporterProvider provider,
      String name,
      @Nullable Object config,
      @Nullable ExporterSchedule schedule) {}

  /**
   * The config to run and, for a config file, how to load it again.
   *
   * @param config the config, with the exporters registered in code
   * @param reloadSource the file loaded again (with the exporters in code), or {@code null}
   *     without a config file
   */
  public record Resolved(MonitorConfig config, @Nullable Supplier<MonitorConfig> reloadSource) {}

  private HostConfigSource() {}

  /**
   * An exporter registered in code, its class checked as discovery checks one and its config
   * checked like one from a file.
   *
   * @param index its place among the exporters in code, for the messages
   * @throws dev.promonitor.core.DiscoveryException when the class is not a valid exporter class
   * @throws ConfigException when its config breaks its constraints
   */
  public static CodeExporter codeExporter(
      Class<?> exporterClass,
      String name,
      @Nullable Object config,
      @Nullable ExporterSchedule schedule,
      int index) {
    ExporterProvider provider =
        ExporterClasses.describe(exporterClass, ExporterClasses.sourceOf(exporterClass));
    if (provider.takesConfig()) {
      requireNonNull(config, "config must not be null for " + provider.exporterClass().getName());
      List<ConfigProblem> problems =
          CodeConfigChecker.problems(
              config, "exporters[" + index + "].config", ConfigLocation.of("<code>"));
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }
    return new CodeExporter(provider, name, config, schedule);
  }

  /**
   * Resolves a builder's config: exactly one of {@code config} and {@code configFile}, or neither
   * when there are exporters in code or app settings.
   *
   * @param webConfigGiven whether the builder was given a web config of its own
   * @throws IllegalStateException when the sources are missing or conflict
   * @throws ConfigException when the config file (or the web config file it names) is invalid,
   *     or an exporter in code has the type and name of another
   */
  public static Resolved resolve(
      @Nullable MonitorConfig config,
      @Nullable Path configFile,
      @Nullable AppSettings app,
      List<CodeExporter> codeExporters,
      boolean serveHttp,
      boolean webConfigGiven) {
    if (config == null && configFile == null && codeExporters.isEmpty() && app == null) {
      throw new IllegalStateException("config must be set: config(), configFile() or exporter()");
    }
    if (config != null && configFile != null) {
      throw new IllegalStateException("set only one of config() and configFile()");
    }
    List<CodeExporter> code = List.copyOf(codeExporters);
    MonitorConfig base;
    Supplier<MonitorConfig> reloadSource = null;
    if (config != null) {
      base = config;
    } else if (configFile != null) {
      ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
      ConfigLoader loader =
          ConfigLoader.create(
              ExporterCatalog.discover(
                  classLoader != null ? classLoader : HostConfigSource.class.getClassLoader()));
      base = loader.load(configFile);
      EmbeddedConfigNotes.warn(base, serveHttp);
      // The exporters registered in code stay beside the file's entries across reloads.
      reloadSource =
          code.isEmpty()
              ? () -> loader.load(configFile)
              : () -> withCodeExporters(loader.load(configFile), code);
    } else {
      base =
          new MonitorConfig(
              "<code>",
              app != null ? app : AppSettings.defaults(),
              LoggingSettings.defaults(),
              List.of());
    }
    MonitorConfig resolved = code.isEmpty() ? base : withCodeExporters(base, code);
    if (webConfigGiven && resolved.hasWebConfig()) {
      throw new IllegalStateException(
          "webConfig() is set and "
              + resolved.source()
              + " has a web config file ("
              + resolved.webConfig().source()
              + "): the endpoint's security must have one source, so set only one");
    }
    return new Resolved(resolved, reloadSource);
  }

  /** The config's entries, then those registered in code, scheduled by the config's defaults. */
  private static MonitorConfig withCodeExporters(MonitorConfig base, List<CodeExporter> code) {
    List<ExporterEntry> entries = new ArrayList<>(base.exporters());
    Set<String> names = new HashSet<>();
    base.enabledExporters().forEach(entry -> names.add(entry.qualifiedName()));
    List<ConfigProblem> problems = new ArrayList<>();
    for (int index = 0; index < code.size(); index++) {
      CodeExporter exporter = code.get(index);
      ExporterEntry entry =
          EntrySource.entry(
              exporter.provider().type(),
              exporter.name(),
              true,
              exporter.provider(),
              exporter.config(),
              exporter.schedule() != null ? exporter.schedule() : base.app().schedule(),
              Sharding.HASH,
              new EntrySource(index, ConfigLocation.of("<code>"), Set.of()));
      if (!names.add(entry.qualifiedName())) {
        problems.add(
            new ConfigProblem(
                EntrySource.of(entry).location(),
                "exporters[" + index + "]",
                "duplicate exporter '"
                    + entry.qualifiedName()
                    + "': "
                    + base.source()
                    + " or an earlier exporter in code has one of that type and name",
                null));
      }
      entries.add(entry);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new MonitorConfig(base.source(), base.app(), base.logging(), entries, base.webConfig());
  }
}
