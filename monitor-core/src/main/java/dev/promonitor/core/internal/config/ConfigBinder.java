package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.promonitor.core.internal.Suggestions;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Binds parts of the document to Java classes with Jackson databind, which we use rather than
 * hand-written binding: it knows records, plain classes, generics and collections. Every mismatch
 * goes through a {@link DeserializationProblemHandler} that records it and lets binding go on
 * with a placeholder, so that one run reports every problem of an entry.
 *
 * <p>Records get {@code null} for a missing key and apply their defaults in their compact
 * constructor; plain classes (with a no-arg constructor, fields of any visibility) keep their
 * field initializers for a missing key.
 */
final class ConfigBinder {

  private static final String PROBLEMS = ConfigBinder.class.getName() + ".problems";

  /** Made at the first binding: the framework's own sections need none ({@link SectionBinder}). */
  private volatile @Nullable ObjectMapper mapper;

  ConfigBinder() {}

  /** The mapper, for describing config classes with the same naming and visibility. */
  ObjectMapper mapper() {
    ObjectMapper made = mapper;
    if (made == null) {
      synchronized (this) {
        made = mapper;
        if (made == null) {
          made = newMapper();
          mapper = made;
        }
      }
    }
    return made;
  }

  private static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .visibility(PropertyAccessor.FIELD, Visibility.ANY)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        // Numeric strings ("19094") coerce to numbers, as pydantic's lax mode did in the Python framework.
        .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(StrictScalarDeserializers.module())
        .addHandler(new RecordingHandler())
        .build();
  }

  /** A problem found while binding, at a pointer relative to the bound node. */
  private record BindingProblem(
      JsonPointer at, String message, boolean atKey, @Nullable String suggestion) {
    BindingProblem(JsonPointer at, String message) {
      this(at, message, false, null);
    }
  }

  /**
   * Binds {@code node} to {@code type}, recording problems in {@code problems} at {@code at}.
   *
   * @return the bound value, or {@code null} when binding failed beyond repair
   */
  <T> @Nullable T bind(JsonNode node, JsonPointer at, Class<T> type, Problems problems) {
    List<BindingProblem> found = new ArrayList<>();
    T value;
    try {
      value = mapper().readerFor(type).withAttribute(PROBLEMS, found).readValue(node);
    } catch (JsonMappingException e) {
      value = null;
      if (found.isEmpty()) {
        found.add(new BindingProblem(pointerOf(e.getPath()), describe(e)));
      }
    } catch (IOException | RuntimeException e) {
      value = null;
      if (found.isEmpty()) {
        found.add(new BindingProblem(JsonPointer.empty(), "cannot be read: " + firstLine(e)));
      }
    }
    for (BindingProblem problem : found) {
      if (problem.atKey()) {
        problems.addAtKey(at.append(problem.at()), problem.message());
      } else {
        problems.add(at.append(problem.at()), problem.message());
      }
      JsonPointer parent = problem.at().head();
      if (problem.suggestion() != null && parent != null) {
        JsonPointer suggested = parent.appendProperty(problem.suggestion());
        if (node.at(suggested).isMissingNode()) {
          // "Did you mean 'targets'?" says it all: no "targets: must not be empty" beside it.
          problems.coveredBy(at.append(suggested));
        }
      }
    }
    return value;
  }

  private static String describe(JsonMappingException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (e instanceof ValueInstantiationException && cause.getMessage() != null) {
      // A record's compact constructor refused the values: its message is the author's.
      return YamlLimits.oneLine(cause.getMessage());
    }
    String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
    return "cannot be bound: " + YamlLimits.oneLine(detail.split("\\R", 2)[0]);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    return YamlLimits.oneLine(message.split("\\R", 2)[0]);
  }

  private static JsonPointer pointerOf(List<JsonMappingException.Reference> path) {
    JsonPointer pointer = JsonPointer.empty();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        pointer = pointer.appendProperty(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        pointer = pointer.appendIndex(reference.getIndex());
      }
    }
    return pointer;
  }

  /** What a value of {@code type} should look like, as a user reads it. */
  static String expectation(Class<?> type) {
    if (type == Boolean.class || type == Boolean.TYPE) {
      return "expecting true or false";
    }
    if (type == Integer.class || type == Integer.TYPE || type == Long.class || type == Long.TYPE
        || type == Short.class || type == Short.TYPE || type == Byte.class || type == Byte.TYPE
        || type == BigInteger.class) {
      return "expecting an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == Double.TYPE || type == Float.TYPE) {
      return "expecting a number";
    }
    if (type == String.class || type == Character.class || type == Character.TYPE) {
      return "expecting a string";
    }
    if (type.isEnum()) {
      return "expecting one of: "
          + Arrays.stream(type.getEnumConstants())
              .map(constant -> ((Enum<?>) constant).name())
              .collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "expecting a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "expecting a mapping";
    }
    if (type.getName().startsWith("java.")) {
      return "expecting a value of type " + type.getSimpleName();
    }
    return "expecting a mapping";
  }

  /** A value that lets binding go on after a problem; never seen by users, who get the error. */
  static @Nullable Object placeholder(Class<?> type) {
    if (type == Boolean.TYPE) {
      return Boolean.FALSE;
    }
    if (type == Integer.TYPE) {
      return 0;
    }
    if (type == Long.TYPE) {
      return 0L;
    }
    if (type == Double.TYPE) {
      return 0.0d;
    }
    if (type == Float.TYPE) {
      return 0.0f;
    }
    if (type == Short.TYPE) {
      return (short) 0;
    }
    if (type == Byte.TYPE) {
      return (byte) 0;
    }
    if (type == Character.TYPE) {
      return ' ';
    }
    if (type.isAssignableFrom(ArrayList.class)) {
      return new ArrayList<>();
    }
    if (type.isAssignableFrom(LinkedHashSet.class)) {
      return new LinkedHashSet<>();
    }
    if (type.isAssignableFrom(LinkedHashMap.class)) {
      return new LinkedHashMap<>();
    }
    if (type == String.class) {
      // Not null: a record's List.copyOf would refuse it and hide the other problems.
      return "";
    }
    return null;
  }

  /**
   * The path of the value that the parser stands on, relative to the bound node; on the start of
   * a list or mapping Jackson's pointer already names the container itself.
   */
  static JsonPointer pointerAt(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    return context == null ? JsonPointer.empty() : context.pathAsPointer();
  }

  /**
   * The path of the object whose unknown property is being handled. For records Jackson buffers
   * unknown properties and replays them from a parser of its own, so the path comes from the main
   * parser: it stands on the property's value or a later key (inside the object), or on the
   * object's end.
   */
  static JsonPointer beanPointer(JsonParser mainParser) {
    JsonStreamContext context = mainParser.getParsingContext();
    if (context == null) {
      return JsonPointer.empty();
    }
    JsonPointer pointer = context.pathAsPointer();
    if (mainParser.currentToken() == JsonToken.END_OBJECT || pointer.matches()) {
      return pointer;
    }
    JsonPointer head = pointer.head();
    return head == null ? JsonPointer.empty() : head;
  }

  @SuppressWarnings("unchecked")
  private static List<BindingProblem> problemsOf(DeserializationContext context) {
    return (List<BindingProblem>) context.getAttribute(PROBLEMS);
  }

  private static void record(DeserializationContext context, JsonParser parser, String message) {
    problemsOf(context).add(new BindingProblem(pointerAt(parser), message));
  }

  /**
   * Records a value that a strict deserializer refuses with a message of its own (such as a
   * range), and answers with the placeholder so that binding goes on.
   */
  static @Nullable Object refuse(DeserializationContext context, Class<?> type, String message) {
    record(context, context.getParser(), message);
    return placeholder(type);
  }

  /**
   * Records each mismatch and answers with a placeholder so that binding goes on. The message says
   * what the target type expects; Jackson's failure text is neither shown nor looked at (a
   * deserializer of promonitor's with a message of its own calls {@link #refuse} instead).
   */
  private static final class RecordingHandler extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      List<String> known = new ArrayList<>();
      Collection<Object> names = deserializer.getKnownPropertyNames();
      if (names != null) {
        names.forEach(name -> known.add(String.valueOf(name)));
      }
      JsonPointer at = beanPointer(context.getParser()).appendProperty(propertyName);
      problemsOf(context)
          .add(
              new BindingProblem(
                  at,
                  unknownKeyMessage(propertyName, known),
                  true,
                  Suggestions.nearest(propertyName, known).orElse(null)));
      parser.skipChildren();
      return true;
    }

    @Override
    public @Nullable Object handleWeirdStringValue(
        DeserializationContext context, Class<?> targetType, String value, String failure) {
      record(context, context.getParser(), expectation(targetType));
      return placeholderOrNull(targetType);
    }

    @Override
    public @Nullable Object handleWeirdNumberValue(
        DeserializationContext context, Class<?> targetType, Number value, String failure) {
      record(context, context.getParser(), expectation(targetType));
      return placeholderOrNull(targetType);
    }

    @Override
    public @Nullable Object handleWeirdNativeValue(
        DeserializationContext context, JavaType targetType, Object value, JsonParser parser) {
      record(context, parser, expectation(targetType.getRawClass()));
      return placeholderOrNull(targetType.getRawClass());
    }

    @Override
    public @Nullable Object handleUnexpectedToken(
        DeserializationContext context,
        JavaType targetType,
        JsonToken token,
        JsonParser parser,
        String failure)
        throws IOException {
      record(context, parser, expectation(targetType.getRawClass()));
      parser.skipChildren();
      return placeholderOrNull(targetType.getRawClass());
    }

    @Override
    public @Nullable Object handleMissingInstantiator(
        DeserializationContext context,
        Class<?> instanceClass,
        ValueInstantiator instantiator,
        JsonParser parser,
        String failure)
        throws IOException {
      if (parser.currentToken() == JsonToken.START_OBJECT
          || parser.currentToken() == JsonToken.FIELD_NAME) {
        if (instantiator.canCreateFromObjectWith() || instantiator.canCreateUsingDefault()) {
          return NOT_HANDLED;
        }
        // Nothing in the file can fix this: the class itself must change.
        JsonPointer at = pointerAt(parser);
        JsonPointer object = parser.currentToken() == JsonToken.FIELD_NAME ? at.head() : at;
        problemsOf(context)
            .add(new BindingProblem(object == null ? at : object, noCreatorMessage(instanceClass)));
        parser.skipChildren();
        return null;
      }
      record(context, parser, expectation(instanceClass));
      parser.skipChildren();
      return placeholderOrNull(instanceClass);
    }

    /** Jackson takes {@code null} as "no value" for reference types. */
    private static @Nullable Object placeholderOrNull(Class<?> type) {
      return placeholder(type);
    }
  }

  /** What to change in a class that Jackson cannot create from a mapping. */
  static String noCreatorMessage(Class<?> type) {
    return "the class "
        + type.getName()
        + " cannot be created from these keys: this is to fix in the exporter's code, not in the"
        + " config file. Make it a record, or give it a public no-arg constructor (with setters or"
        + " non-final fields)";
  }

  /** {@code unknown key; expecting one of: a, b. Did you mean 'a'?} */
  static String unknownKeyMessage(String key, Collection<String> known) {
    if (known.isEmpty()) {
      return "unknown key; expecting no keys";
    }
    String message =
        "unknown key; expecting one of: " + String.join(", ", known.stream().sorted().toList());
    return Suggestions.nearest(key, known)
        .map(nearest -> message + ". Did you mean '" + nearest + "'?")
        .orElse(message);
  }
}
