package dev.promonitor.core.internal.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Converts a Python {@code logging} format ({@code %(asctime)s [%(levelname)s] %(message)s}) and
 * its {@code strftime} date format to a Log4j 2 {@code PatternLayout} pattern.
 */
final class PythonLogFormat {

  /** Python's default {@code asctime}: {@code 2003-07-08 16:49:45,896}. */
  static final String DEFAULT_DATE_PATTERN = "yyyy-MM-dd HH:mm:ss,SSS";

  private static final Pattern TOKEN =
      Pattern.compile("%%|%\\((\\w*)\\)([-#0 +]*)(\\d*)(?:\\.(\\d+))?([diouxXeEfFgGcrsa])|%");

  private static final Pattern DATE_TOKEN = Pattern.compile("%(.?)");

  private static final Map<String, String> ATTRIBUTES =
      Map.ofEntries(
          Map.entry("levelname", "level"),
          Map.entry("name", "logger"),
          Map.entry("message", "msg"),
          Map.entry("threadName", "thread"),
          Map.entry("thread", "tid"),
          Map.entry("process", "pid"),
          Map.entry("lineno", "line"),
          Map.entry("funcName", "method"),
          Map.entry("filename", "file"),
          Map.entry("module", "class{1}"),
          Map.entry("pathname", "class"),
          Map.entry("levelno", "level{TRACE=5, DEBUG=10, INFO=20, WARN=30, ERROR=40, FATAL=50}"),
          Map.entry("created", "d{UNIX_MILLIS}"),
          Map.entry("msecs", "d{SSS}"),
          Map.entry("relativeCreated", "r"));

  private static final Map<Character, String> DATE_PARTS =
      Map.ofEntries(
          Map.entry('Y', "yyyy"),
          Map.entry('m', "MM"),
          Map.entry('d', "dd"),
          Map.entry('H', "HH"),
          Map.entry('M', "mm"),
          Map.entry('S', "ss"),
          Map.entry('y', "yy"),
          Map.entry('b', "MMM"),
          Map.entry('B', "MMMM"),
          Map.entry('a', "EEE"),
          Map.entry('A', "EEEE"),
          Map.entry('p', "a"),
          Map.entry('I', "hh"),
          Map.entry('z', "Z"),
          Map.entry('Z', "z"),
          Map.entry('j', "DDD"));

  private PythonLogFormat() {}

  /** Whether {@code format} uses Python's {@code %(name)s} tokens rather than Log4j's. */
  static boolean isPythonFormat(String format) {
    return format.contains("%(");
  }

  /**
   * Converts a Python format to a pattern ending in {@code %n}.
   *
   * @param format the Python format
   * @param dateFormat the {@code datefmt}, {@code null} for Python's default
   * @throws Unsupported naming the token (or the datefmt directive) that has no Log4j equivalent
   */
  static String toLog4jPattern(String format, @Nullable String dateFormat) {
    StringBuilder pattern = new StringBuilder();
    Matcher matcher = TOKEN.matcher(format);
    int literalStart = 0;
    while (matcher.find()) {
      pattern.append(format, literalStart, matcher.start());
      literalStart = matcher.end();
      String token = matcher.group();
      if (token.equals("%%") || token.equals("%")) {
        pattern.append("%%");
        continue;
      }
      String attribute = matcher.group(1);
      String converter;
      if (attribute.equals("asctime")) {
        converter =
            "d{" + (dateFormat == null ? DEFAULT_DATE_PATTERN : toDatePattern(dateFormat)) + "}";
      } else {
        converter = ATTRIBUTES.get(attribute);
        if (converter == null) {
          throw new Unsupported(
              Unsupported.Part.FORMAT,
              "unsupported token '" + token + "' in the format; supported: %(asctime)s, "
                  + String.join(", ", ATTRIBUTES.keySet().stream().sorted().map(name -> "%(" + name + ")s").toList()));
        }
      }
      pattern.append('%');
      String flags = matcher.group(2);
      String width = matcher.group(3);
      String precision = matcher.group(4);
      if (!width.isEmpty()) {
        pattern.append(flags.contains("-") ? "-" : "").append(Integer.parseInt(width));
      }
      if (precision != null) {
        // Python keeps the first characters; Log4j's ".-N" does the same.
        pattern.append(".-").append(precision);
      }
      pattern.append(converter);
    }
    pattern.append(format.substring(literalStart));
    return pattern.append("%n").toString();
  }

  /**
   * Converts a {@code strftime} format to a Log4j date pattern, quoting literal letters.
   *
   * @throws Unsupported naming a directive that has no equivalent
   */
  static String toDatePattern(String dateFormat) {
    StringBuilder pattern = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    Matcher matcher = DATE_TOKEN.matcher(dateFormat);
    int literalStart = 0;
    while (matcher.find()) {
      literal.append(dateFormat, literalStart, matcher.start());
      literalStart = matcher.end();
      String directive = matcher.group(1);
      if (directive.equals("%")) {
        literal.append('%');
        continue;
      }
      String part = directive.isEmpty() ? null : DATE_PARTS.get(directive.charAt(0));
      if (part == null) {
        throw new Unsupported(
            Unsupported.Part.DATEFMT,
            "unsupported directive '%" + directive + "' in the datefmt; supported: %Y %m %d %H"
                + " %M %S %y %b %B %a %A %p %I %z %Z %j %%");
      }
      appendLiteral(pattern, literal);
      pattern.append(part);
    }
    literal.append(dateFormat.substring(literalStart));
    appendLiteral(pattern, literal);
    return pattern.toString();
  }

  private static void appendLiteral(StringBuilder pattern, StringBuilder literal) {
    if (literal.length() == 0) {
      return;
    }
    String text = literal.toString();
    if (text.chars().anyMatch(Character::isLetter) || text.contains("'")) {
      pattern.append('\'').append(text.replace("'", "''")).append('\'');
    } else {
      pattern.append(text);
    }
    literal.setLength(0);
  }

  /** A format or datefmt with no Log4j equivalent; {@link #part()} says which of the two. */
  static final class Unsupported extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Where the unsupported token stands. */
    enum Part {
      FORMAT,
      DATEFMT
    }

    private final Part part;

    Unsupported(Part part, String message) {
      super(message);
      this.part = part;
    }

    Part part() {
      return part;
    }
  }
}
