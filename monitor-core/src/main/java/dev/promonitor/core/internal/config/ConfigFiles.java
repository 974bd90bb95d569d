package dev.promonitor.core.internal.config;

import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one way a config document is read, for the config file, each file of the config dir and
 * the web config file: refuse what is not a regular file before opening it (a FIFO would block
 * the read, a device such as {@code /dev/zero} would never end), read at most the size limit
 * (whatever {@code Files.size()} says), decode strict UTF-8, drop a byte order mark, pick JSON or
 * YAML by the suffix and parse.
 */
final class ConfigFiles {

  /** Larger files are refused after reading one byte past this (the parser counts code points). */
  static final long MAX_FILE_BYTES = 4L * YamlDocumentReader.CODE_POINT_LIMIT;

  private ConfigFiles() {}

  /**
   * What the top level of a kind of document must be, in the two messages that say it is not.
   *
   * @param empty the message for an empty document
   * @param notAMapping the message for a top level that is a list or a scalar
   */
  record TopLevel(String empty, String notAMapping) {

    /** The main config file. */
    static final TopLevel CONFIG =
        new TopLevel(
            "the file is empty; expecting a mapping with app, logging and exporters",
            "expecting a mapping with app, logging and exporters at the top level");

    /** A file of the config dir. */
    static final TopLevel FRAGMENT =
        both("expecting a mapping with an exporters list, as in the main config file");

    /** A web config file. */
    static final TopLevel WEB_CONFIG =
        both(
            "expecting a mapping with tls_server_config, basic_auth_users, http_server_config or"
                + " rate_limit");

    private static TopLevel both(String message) {
      return new TopLevel(message, message);
    }
  }

  /**
   * Reads and parses a file; {@code ${file:...}} paths in it start from its directory.
   *
   * @param file the file, named in messages as given
   * @param what its role in messages, such as {@code config file}
   * @param source the name of the file in messages
   * @param topLevel what its top level must be
   * @param environment the value of an environment variable, {@code null} when it is not set
   * @return the document or its problems
   * @throws ConfigException when the file cannot be read at all
   */
  static YamlDocumentReader.Result read(
      Path file,
      String what,
      String source,
      TopLevel topLevel,
      Function<String, @Nullable String> environment) {
    String content = readText(file, what, source, MAX_FILE_BYTES);
    return parse(content, source, topLevel, new Substitutions(environment, directoryOf(file)));
  }

  /**
   * Parses text: {@code .json} (any case) in {@code source} reads JSON, anything else YAML; a
   * leading byte order mark is dropped.
   */
  static YamlDocumentReader.Result parse(
      String content, String source, TopLevel topLevel, Substitutions substitutions) {
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    return YamlDocumentReader.read(text, source, json, topLevel, substitutions);
  }

  /**
   * Reads a whole UTF-8 file of at most {@code maxBytes}, refusing anything but a regular file
   * before it is opened.
   *
   * @param what the file's role in messages, such as {@code config file}
   * @param source the file's name in messages
   * @throws ConfigException when it is missing, not a regular file, too large or unreadable
   */
  static String readText(Path file, String what, String source, long maxBytes) {
    try {
      return readText(file, maxBytes);
    } catch (ReadException e) {
      // "the file is larger", as the size is the file's, whatever its role.
      throw fileProblem(
          source, e.message(e.reason() == Reason.TOO_LARGE ? "the file" : "the " + what));
    }
  }

  /**
   * The text of a regular UTF-8 file of at most {@code maxBytes}: the check of the file's type
   * comes before it is opened, and the read stops one byte past the limit, so that neither a
   * FIFO, a device nor a file that grows while it is read can make it block or run out of memory;
   * refusing a file over the limit costs at most the limit's worth of reading.
   *
   * @throws ReadException saying why not
   */
  static String readText(Path file, long maxBytes) throws ReadException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new ReadException(Reason.DIRECTORY, maxBytes, "");
      }
      if (!attributes.isRegularFile()) {
        throw new ReadException(Reason.NOT_REGULAR, maxBytes, "");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      }
      if (bytes.length > maxBytes) {
        throw new ReadException(Reason.TOO_LARGE, maxBytes, "");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      throw new ReadException(Reason.MISSING, maxBytes, "");
    } catch (AccessDeniedException e) {
      throw new ReadException(Reason.DENIED, maxBytes, "");
    } catch (CharacterCodingException e) {
      throw new ReadException(Reason.NOT_UTF8, maxBytes, "");
    } catch (FileSystemException e) {
      String reason = e.getReason();
      throw new ReadException(
          Reason.OTHER, maxBytes, reason != null ? reason : e.getClass().getSimpleName());
    } catch (IOException e) {
      throw new ReadException(Reason.OTHER, maxBytes, String.valueOf(e.getMessage()));
    }
  }

  /** The directory that paths in {@code file} are relative to. */
  static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null ? parent : file.toAbsolutePath();
  }

  /**
   * Checks that the suffix names a supported format, case-insensitively (the Python framework's
   * check was case-sensitive and refused {@code .YML}).
   */
  static void checkSuffix(String source) {
    if (!hasConfigSuffix(source)) {
      throw fileProblem(source, "unsupported config format; expecting .yml, .yaml or .json");
    }
  }

  /** Whether a name ends in {@code .yml}, {@code .yaml} or {@code .json}, in any case. */
  static boolean hasConfigSuffix(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml");
  }

  static ConfigException fileProblem(String source, String message) {
    return new ConfigException(
        List.of(new ConfigProblem(ConfigLocation.of(source), "", message, null)));
  }

  /** Why a file cannot be read. */
  enum Reason {
    MISSING,
    DIRECTORY,
    NOT_REGULAR,
    TOO_LARGE,
    DENIED,
    NOT_UTF8,
    OTHER
  }

  /** A file that cannot be read, with the reason as a type for callers to phrase. */
  static final class ReadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final long maxBytes;
    private final String detail;

    ReadException(Reason reason, long maxBytes, String detail) {
      super(reason + (detail.isEmpty() ? "" : ": " + detail), null, false, false);
      this.reason = reason;
      this.maxBytes = maxBytes;
      this.detail = detail;
    }

    Reason reason() {
      return reason;
    }

    /**
     * The problem as a sentence about {@code subject}, such as {@code the config file} or
     * {@code secret file /run/x}.
     */
    String message(String subject) {
      return switch (reason) {
        case MISSING -> subject + " does not exist";
        case DIRECTORY -> subject + " is a directory, not a file";
        case NOT_REGULAR ->
            subject + " is not a regular file (a FIFO, a device or a socket is refused unread)";
        case TOO_LARGE -> subject + " is larger than " + maxBytes + " bytes";
        case DENIED -> subject + " cannot be read: permission denied";
        case NOT_UTF8 -> subject + " cannot be read: it is not UTF-8 text";
        case OTHER -> subject + " cannot be read: " + detail;
      };
    }
  }
}
