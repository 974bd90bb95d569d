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
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads config files for {@link dev.promonitor.core.config.ConfigLoader}: parse, bind, validate,
 * and throw one {@link ConfigException} with every problem found. Not API.
 */
public final class ConfigReader {

  /** Larger files are refused before they are read (the parser's limit is in code points). */
  private static final long MAX_FILE_BYTES = 4L * YamlDocumentReader.CODE_POINT_LIMIT;

  private final ExporterCatalog catalog;
  private final Function<String, @Nullable String> environment;
  private final ConfigBinder binder = new ConfigBinder();

  /**
   * Creates a reader that resolves exporter types in {@code catalog}.
   *
   * @param catalog the known exporter types
   * @param environment the value of an environment variable, {@code null} when it is not set
   */
  public ConfigReader(ExporterCatalog catalog, Function<String, @Nullable String> environment) {
    this.catalog = requireNonNull(catalog, "catalog must not be null");
    this.environment = requireNonNull(environment, "environment must not be null");
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
    Problems problems = new Problems(document);
    RawSections.Document sections =
        binder.bind(document.root(), JsonPointer.empty(), RawSections.Document.class, problems);
    if (sections == null) {
      throw new ConfigException(problems.sorted());
    }
    AppSettings app;
    LoggingSettings logging = LoggingSectionReader.read(sections.logging(), problems);
    List<ExporterEntry> exporters;
    try (ConstraintChecker checker = new ConstraintChecker()) {
      app = AppSectionReader.read(sections.app(), binder, checker, problems, baseDirectory);
      exporters =
          new ExporterSectionReader(catalog, app, binder, checker, problems)
              .read(sections.exporters());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
    return new MonitorConfig(source, app, logging, exporters);
  }

  /**
   * Checks that the suffix names a supported format, case-insensitively (the seed's check was
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
