package dev.promonitor.core.internal.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads config files for {@link dev.promonitor.core.config.ConfigLoader}: parse, bind, validate,
 * and throw one {@link ConfigException} with every problem found. Not API.
 */
public final class ConfigReader {

  /** Larger files are refused before they are read (the parser's limit is in code points). */
  private static final long MAX_FILE_BYTES = 4L * YamlDocumentReader.CODE_POINT_LIMIT;

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
    checkSuffix(source);
    String content = readText(file, "config file");
    return parse(content, source, directoryOf(file));
  }

  /**
   * Reads a whole UTF-8 file of at most {@link #MAX_FILE_BYTES}.
   *
   * @param what the file's role in messages, such as {@code config file}
   * @throws ConfigException when it is missing, too large or unreadable
   */
  static String readText(Path file, String what) {
    String source = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw fileProblem(source, "is a directory, not a " + what);
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw fileProblem(source, "the file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      throw fileProblem(source, "the " + what + " does not exist");
    } catch (AccessDeniedException e) {
      throw fileProblem(source, "the " + what + " cannot be read: permission denied");
    } catch (CharacterCodingException e) {
      throw fileProblem(source, "the " + what + " cannot be read: it is not UTF-8 text");
    } catch (IOException e) {
      throw fileProblem(source, "the " + what + " cannot be read: " + e.getMessage());
    }
  }

  /** The directory that paths in {@code file} are relative to. */
  static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null ? parent : file.toAbsolutePath();
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
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    YamlDocumentReader.Result result =
        YamlDocumentReader.read(
            text, source, json, new Substitutions(environment, baseDirectory));
    SourceDocument document = result.document();
    if (document == null) {
      throw new ConfigException(result.problems());
    }
    Problems problems = new Problems(document, result.valueProblems());
    RawSections.Document sections =
        binder.bind(document.root(), JsonPointer.empty(), RawSections.Document.class, problems);
    if (sections == null) {
      throw new ConfigException(problems.sorted());
    }
    AppSettings app;
    LoggingSettings logging = LoggingSectionReader.read(sections.logging(), problems);
    List<ExporterEntry> exporters = new ArrayList<>();
    List<ConfigProblem> all = new ArrayList<>();
    try (ConstraintChecker checker = new ConstraintChecker()) {
      app =
          AppSectionReader.read(
              sections.app(), binder, checker, problems, baseDirectory, environment, shardOverride);
      Map<String, ConfigLocation> seen = new HashMap<>();
      exporters.addAll(
          new ExporterSectionReader(catalog, app, binder, checker, problems)
              .read(sections.exporters(), seen));
      all.addAll(problems.sorted());
      Path directory = configDir != null ? configDir : app.configDir();
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
    return new MonitorConfig(source, app, logging, exporters);
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
      AppSettings app,
      ConstraintChecker checker,
      Map<String, ConfigLocation> seen,
      List<ConfigProblem> all) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(Files::isRegularFile)
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
        String content = readText(file, "config file");
        entries.addAll(readFragment(content, source, file, app, checker, seen, all));
      } catch (ConfigException e) {
        all.addAll(e.problems());
      }
    }
    return entries;
  }

  private List<ExporterEntry> readFragment(
      String content,
      String source,
      Path file,
      AppSettings app,
      ConstraintChecker checker,
      Map<String, ConfigLocation> seen,
      List<ConfigProblem> all) {
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    YamlDocumentReader.Result result =
        YamlDocumentReader.read(
            text, source, json, new Substitutions(environment, directoryOf(file)));
    SourceDocument document = result.document();
    if (document == null) {
      result.problems().stream()
          .map(
              problem ->
                  problem.message().startsWith("the file is empty")
                          || problem.message().startsWith("expecting a mapping with app")
                      ? new ConfigProblem(
                          problem.location(),
                          problem.path(),
                          "expecting a mapping with an exporters list, as in the main config file",
                          problem.found())
                      : problem)
          .forEach(all::add);
      return List.of();
    }
    Problems problems = new Problems(document, result.valueProblems());
    RawSections.Fragment fragment =
        binder.bind(document.root(), JsonPointer.empty(), RawSections.Fragment.class, problems);
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
    String lower = name.toLowerCase(Locale.ROOT);
    return !lower.startsWith(".")
        && (lower.endsWith(".yml") || lower.endsWith(".yaml") || lower.endsWith(".json"));
  }

  /**
   * Checks that the suffix names a supported format, case-insensitively (the Python framework's check was
   * case-sensitive and refused {@code .YML}).
   */
  static void checkSuffix(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml")) {
      return;
    }
    throw fileProblem(source, "unsupported config format; expecting .yml, .yaml or .json");
  }

  static ConfigException fileProblem(String source, String message) {
    return new ConfigException(
        List.of(new ConfigProblem(ConfigLocation.of(source), "", message, null)));
  }
}
