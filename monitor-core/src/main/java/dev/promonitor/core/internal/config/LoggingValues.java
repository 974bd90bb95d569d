package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The deserializers of the {@code logging} section's values, whose messages are those of Python's
 * {@code dictConfig} keys rather than of their Java types ("expecting 1", "expecting a level"). Each
 * refusal is recorded through {@link ConfigBinder#refuse} and binding goes on.
 */
final class LoggingValues {

  static final String LEVELS = "TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL, OFF, NOTSET";

  private LoggingValues() {}

  /** Records {@code message} at the current value, skipping a list or mapping whole. */
  private static @Nullable Object refuse(
      JsonParser parser, DeserializationContext context, Class<?> type, String message)
      throws IOException {
    Object placeholder = ConfigBinder.refuse(context, type, message);
    parser.skipChildren();
    return placeholder;
  }

  /** {@code version}: Python's {@code dictConfig} knows only version 1. */
  static final class Version extends StdDeserializer<Integer> {
    private static final long serialVersionUID = 1L;

    Version() {
      super(Integer.class);
    }

    @Override
    public @Nullable Integer deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() == JsonParser.NumberType.INT
          && parser.getIntValue() == 1) {
        return 1;
      }
      return (Integer) refuse(parser, context, Integer.class, "expecting 1");
    }
  }

  /**
   * A text value: what {@link #accepts} takes, as its text; anything else is refused with
   * {@code expecting}.
   */
  private abstract static class Text extends StdDeserializer<String> {
    private static final long serialVersionUID = 1L;

    private final String expecting;

    Text(String expecting) {
      super(String.class);
      this.expecting = expecting;
    }

    abstract boolean accepts(JsonParser parser) throws IOException;

    @Override
    public @Nullable String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (accepts(parser)) {
        return parser.getText();
      }
      return (String) refuse(parser, context, String.class, expecting);
    }
  }

  /** A string, and nothing that YAML reads as another type. */
  static final class PlainText extends Text {
    private static final long serialVersionUID = 1L;

    PlainText() {
      super("expecting a string");
    }

    @Override
    boolean accepts(JsonParser parser) {
      return parser.currentToken() == JsonToken.VALUE_STRING;
    }
  }

  /**
   * Any scalar as its text, for values that are compared with the names Python knows (a handler's
   * {@code class} and {@code stream}, a formatter's {@code style}): what is not one of them is
   * refused with those names.
   */
  static final class ScalarText extends Text {
    private static final long serialVersionUID = 1L;

    ScalarText() {
      super("expecting a string");
    }

    @Override
    boolean accepts(JsonParser parser) {
      return parser.currentToken().isScalarValue();
    }
  }

  /** A file handler's {@code filename}: a string that is not blank. */
  static final class FileName extends Text {
    private static final long serialVersionUID = 1L;

    FileName() {
      super("expecting a file name");
    }

    @Override
    boolean accepts(JsonParser parser) throws IOException {
      return parser.currentToken() == JsonToken.VALUE_STRING && !parser.getText().isBlank();
    }
  }

  /** A level: Python's names ({@code WARNING}, {@code CRITICAL}, {@code NOTSET}) or Log4j's. */
  static final class LevelName extends StdDeserializer<RawSections.Level> {
    private static final long serialVersionUID = 1L;

    LevelName() {
      super(RawSections.Level.class);
    }

    @Override
    public RawSections.@Nullable Level deserialize(
        JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (RawSections.Level)
            refuse(parser, context, RawSections.Level.class, "expecting a level: " + LEVELS);
      }
      String level = parser.getText().strip().toUpperCase(Locale.ROOT);
      return switch (level) {
        case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> new RawSections.Level(level);
        case "WARNING" -> new RawSections.Level("WARN");
        case "CRITICAL", "FATAL" -> new RawSections.Level("ERROR");
        case "NOTSET" -> new RawSections.Level(null);
        default ->
            (RawSections.Level)
                refuse(
                    parser,
                    context,
                    RawSections.Level.class,
                    "unknown level; expecting one of: " + LEVELS);
      };
    }
  }

  /** An entry under {@code loggers:}: a mapping, or its level alone. */
  static final class LoggerOrLevel extends StdDeserializer<RawSections.Logger> {
    private static final long serialVersionUID = 1L;

    LoggerOrLevel() {
      super(RawSections.Logger.class);
    }

    @Override
    public RawSections.@Nullable Logger deserialize(
        JsonParser parser, DeserializationContext context) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return RawSections.Logger.ofLevel(context.readValue(parser, RawSections.Level.class));
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.FIELD_NAME) {
        return context.readValue(parser, RawSections.Logger.class);
      }
      return (RawSections.Logger)
          refuse(parser, context, RawSections.Logger.class, "expecting a mapping");
    }
  }
}
