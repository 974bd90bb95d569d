package dev.promonitor.core.internal.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads config files for {@link dev.promonitor.core.config.ConfigLoader}: parse, bind, validate,
 * and throw one {@link ConfigException} with every problem found. Not API.
 */
public final class ConfigReader {

  private static final JsonPointer CONFIG_DIR = JsonPointer.compile("/app/config_dir");

  private final ExporterCatalog catalog;
  private final Function<String, @Nullable String> environment;
  private final @Nullable Path configDir;
  private final @Nullable ShardAssignment shardOverride;
  private final ConfigBinder binder = new ConfigBinder();

  /**
   * Creates a reader that resolves exporter types in {@code catalog}.
   *
   * @param catalog the known exporter types
   * @param environment the value of an environment variable, {@code null} when it is not set
   * @param configDir a directory of further exporter entries that replaces
   *     {@code app.config_dir}, or {@code null}
   */
  public ConfigReader(
      ExporterCatalog catalog,
      Function<String, @Nullable String> environment,
      @Nullable Path configDir) {
    this.catalog = requireNonNull(catalog, "catalog must not be null");
    this.environment = requireNonNull(environment, "environment must not be null");
    this.configDir = configDir;
    this.shardOverride = null;
  }

  /**
   * Creates a reader whose shard replaces {@code app.shard_index} and {@code app.shard_count},
   * as {@code --shard} does.
   *
   * @param catalog the known exporter types
   * @param environment the value of an environment variable, {@code null} when it is not set
   * @param configDir a directory of further exporter entries that replaces
   *     {@code app.config_dir}, or {@code null}
   * @param shardOverride the shard, or {@code null} to read it from the file
   */
  public ConfigReader(
      ExporterCatalog catalog,
      Function<String, @Nullable String> environment,
      @Nullable Path configDir,
      @Nullable ShardAssignment shardOverride) {
    this.catalog = requireNonNull(catalog, "catalog must not be null");
    this.environment = requireNonNull(environment, "environment must not be null");
    this.configDir = configDir;
    this.shardOverride = shardOverride;
  }

  /**
   * Reads a file.
   *
   * @param file the file, named in messages as given
   * @return the config
   * @throws ConfigException with every problem found
   */
  public MonitorConfig load(Path file) {
    requireNonNull(file, "file must not be null");
    String source = file.toString();
    ConfigFiles.checkSuffix(source);
    YamlDocumentReader.Result result =
        ConfigFiles.read(file, "config file", source, ConfigFiles.TopLevel.CONFIG, environment);
    return read(result, source, ConfigFiles.directoryOf(file));
  }

  /**
   * Reads text.
   *
   * @param content the text
   * @param source the name for messages; {@code .json} (any case) reads JSON, anything else YAML
   * @param baseDirectory the directory that relative paths in the text start from
   * @return the config
   * @throws ConfigException with every problem found
   */
  public MonitorConfig parse(String content, String source, Path baseDirectory) {
    requireNonNull(content, "content must not be null");
    requireNonNull(source, "source must not be null");
    requireNonNull(baseDirectory, "baseDirectory must not be null");
    YamlDocumentReader.Result result =
        ConfigFiles.parse(
            content,
            source,
            ConfigFiles.TopLevel.CONFIG,
            new Substitutions(environment, baseDirectory));
    return read(result, source, baseDirectory);
  }

  private MonitorConfig read(YamlDocumentReader.Result result, String source, Path baseDirectory) {
    SourceDocument document = result.document();
    if (document == null) {
      throw new ConfigException(result.problems());
    }
    Problems problems = new Problems(document, result.valueProblems());
    RawSections.Document sections =
        SectionBinder.bind(
            document.root(), JsonPointer.empty(), RawSections.Document.class, problems);
    if (sections == null) {
      throw new ConfigException(problems.sorted());
    }
    AppSectionReader.Section app;
    LoggingSettings logging = LoggingSectionReader.read(sections.logging(), binder, problems);
    List<ExporterEntry> exporters = new ArrayList<>();
    List<ConfigProblem> all = new ArrayList<>();
    try (ConstraintChecker checker = new ConstraintChecker()) {
      app =
          AppSectionReader.read(
              sections.app(), problems, baseDirectory, environment, shardOverride);
      Map<String, ConfigLocation> seen = new HashMap<>();
      exporters.addAll(
          new ExporterSectionReader(catalog, app, binder, checker, problems)
              .read(sections.exporters(), seen));
      all.addAll(problems.sorted());
      Path directory = configDir != null ? configDir : app.settings().configDir();
      if (directory != null) {
        ConfigProblem named =
            configDir != null
                ? new ConfigProblem(ConfigLocation.of(directory.toString()), "", "", null)
                : new ConfigProblem(
                    document.locationOf(CONFIG_DIR), "app.config_dir", "", problems.foundAt(CONFIG_DIR));
        exporters.addAll(readDirectory(directory, named, app, checker, seen, all));
      }
    }
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
    return new MonitorConfig(source, app.settings(), logging, exporters);
  }

  /**
   * Reads the exporter entries of each {@code *.yml}, {@code *.yaml} and {@code *.json} file
   * directly in {@code directory}, in the order of their names.
   *
   * @param named where the directory is named, as a problem with an empty message
   */
  private List<ExporterEntry> readDirectory(
      Path directory,
      ConfigProblem named,
      AppSectionReader.Section app,
      ConstraintChecker checker,
      Map<String, ConfigLocation> seen,
      List<ConfigProblem> all) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      // Each file with a config name is read, so that one that is not a regular file (a FIFO,
      // a device) is reported rather than skipped.
      files =
          listing
              .filter(file -> isConfigName(file.getFileName().toString()))
              .sorted(Comparator.comparing(file -> file.getFileName().toString()))
              .toList();
    } catch (NotDirectoryException e) {
      all.add(withMessage(named, "the config directory " + directory + " is not a directory"));
      return List.of();
    } catch (NoSuchFileException e) {
      all.add(withMessage(named, "the config directory " + directory + " does not exist"));
      return List.of();
    } catch (IOException e) {
      all.add(withMessage(named, "the config directory " + directory + " cannot be listed: " + e));
      return List.of();
    }
    List<ExporterEntry> entries = new ArrayList<>();
    for (Path file : files) {
      // Named as the directory was given, so that messages read conf.d/s3.yml:3:5.
      String source = directory.resolve(file.getFileName()).toString();
      try {
        YamlDocumentReader.Result result =
            ConfigFiles.read(
                file, "config file", source, ConfigFiles.TopLevel.FRAGMENT, environment);
        entries.addAll(readFragment(result, app, checker, seen, all));
      } catch (ConfigException e) {
        all.addAll(e.problems());
      }
    }
    return entries;
  }

  private List<ExporterEntry> readFragment(
      YamlDocumentReader.Result result,
      AppSectionReader.Section app,
      ConstraintChecker checker,
      Map<String, ConfigLocation> seen,
      List<ConfigProblem> all) {
    SourceDocument document = result.document();
    if (document == null) {
      all.addAll(result.problems());
      return List.of();
    }
    Problems problems = new Problems(document, result.valueProblems());
    RawSections.Fragment fragment =
        SectionBinder.bind(
            document.root(), JsonPointer.empty(), RawSections.Fragment.class, problems);
    List<ExporterEntry> entries =
        fragment == null
            ? List.of()
            : new ExporterSectionReader(catalog, app, binder, checker, problems)
                .read(fragment.exporters(), seen);
    all.addAll(problems.sorted());
    return entries;
  }

  private static ConfigProblem withMessage(ConfigProblem named, String message) {
    return new ConfigProblem(named.location(), named.path(), message, named.found());
  }

  private static boolean isConfigName(String name) {
    return !name.startsWith(".") && ConfigFiles.hasConfigSuffix(name);
  }
}
