package dev.promonitor.core.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces references in a scalar value, as Telegraf does: {@code ${VAR}}, {@code ${VAR:-default}}
 * (when VAR is unset or empty), {@code ${VAR:?message}} (a problem when VAR is unset or empty),
 * {@code ${file:PATH}} (the file's content without its final line break) and {@code $${} for a
 * literal {@code ${}.
 */
final class Substitutions {

  /** The largest secret file read, against a reference to a large file by mistake. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, @Nullable String> environment;
  private final Path baseDirectory;

  /**
   * @param environment the value of a variable, or {@code null} when it is not set
   * @param baseDirectory the directory that relative {@code ${file:...}} paths start from
   */
  Substitutions(Function<String, @Nullable String> environment, Path baseDirectory) {
    this.environment = environment;
    this.baseDirectory = baseDirectory;
  }

  /** The outcome for one scalar: its new text, or the problem that kept it from being built. */
  record Result(String text, boolean substituted, @Nullable String problem) {}

  /** Whether {@code text} has anything to replace, so that most scalars are left alone. */
  static boolean mayContainReferences(String text) {
    return text.contains("${");
  }

  /** Replaces every reference in {@code text}. */
  Result apply(String text) {
    StringBuilder result = new StringBuilder(text.length());
    boolean substituted = false;
    int at = 0;
    while (at < text.length()) {
      if (text.startsWith("$${", at)) {
        result.append("${");
        at += 3;
        continue;
      }
      if (!text.startsWith("${", at)) {
        result.append(text.charAt(at++));
        continue;
      }
      int end = text.indexOf('}', at + 2);
      if (end < 0) {
        return failure("'${' without its closing '}'; write '$${' for a literal '${'");
      }
      String reference = text.substring(at + 2, end);
      String replaced;
      try {
        replaced = resolve(reference);
      } catch (ReferenceException e) {
        return failure(e.getMessage());
      }
      result.append(replaced);
      substituted = true;
      at = end + 1;
    }
    return new Result(result.toString(), substituted, null);
  }

  private String resolve(String reference) throws ReferenceException {
    if (reference.startsWith("file:")) {
      return readFile(reference.substring("file:".length()));
    }
    String name = reference;
    String operator = null;
    String argument = "";
    int colon = reference.indexOf(':');
    if (colon >= 0 && colon + 1 < reference.length()
        && (reference.charAt(colon + 1) == '-' || reference.charAt(colon + 1) == '?')) {
      name = reference.substring(0, colon);
      operator = reference.substring(colon, colon + 2);
      argument = reference.substring(colon + 2);
    }
    if (!NAME.matcher(name).matches()) {
      throw new ReferenceException(
          "'${" + reference + "}' is not a valid reference; expecting ${VAR}, ${VAR:-default},"
              + " ${VAR:?message} or ${file:PATH}");
    }
    String value = environment.apply(name);
    if (operator == null) {
      if (value == null) {
        throw new ReferenceException("environment variable " + name + " is not set");
      }
      return value;
    }
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (operator.equals(":-")) {
      return argument;
    }
    throw new ReferenceException(
        "environment variable " + name + " is not set"
            + (argument.isBlank() ? "" : ": " + argument.strip()));
  }

  private String readFile(String pathText) throws ReferenceException {
    if (pathText.isBlank()) {
      throw new ReferenceException("'${file:}' needs a path");
    }
    Path path;
    try {
      path = baseDirectory.resolve(pathText);
    } catch (InvalidPathException e) {
      throw new ReferenceException("secret file " + pathText + " is not a valid path");
    }
    String content;
    try {
      content = ConfigFiles.readText(path, MAX_FILE_BYTES);
    } catch (ConfigFiles.ReadException e) {
      throw new ReferenceException(e.message("secret file " + path));
    }
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }

  private static Result failure(@Nullable String message) {
    return new Result("", false, message == null ? "cannot be substituted" : message);
  }

  /** A reference that cannot be replaced; its message is the problem's. */
  private static final class ReferenceException extends Exception {
    private static final long serialVersionUID = 1L;

    ReferenceException(String message) {
      super(message, null, false, false);
    }
  }
}
