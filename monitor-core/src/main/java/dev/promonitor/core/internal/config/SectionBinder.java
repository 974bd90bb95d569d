package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.promonitor.core.internal.Suggestions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Binds the framework's flat sections ({@link RawSections.Document}, {@link RawSections.App},
 * {@link RawSections.Exporter}, {@link RawSections.Fragment}) from the document's tree without
 * Jackson databind's object mapper, which alone loads some 500 classes (4 MB of the class-data
 * archive, resident in every runner: benchmarks/RESULTS.md): a config whose exporters take no
 * config class, and has no {@code logging} section, never builds one. The tree itself stays
 * Jackson's.
 *
 * <p>It takes and refuses exactly what {@link ConfigBinder} does for these records, with the same
 * messages and placeholders ({@code SectionBinderTest} binds every key of them with both, over a
 * corpus of values). Their components are of five kinds only: {@code String}, {@code Integer},
 * {@code Boolean}, {@code BigDecimal} (always a {@code *_seconds} key, read as {@link
 * SecondsDeserializer} reads it) and {@code JsonNode} (a subtree, read later).
 */
final class SectionBinder {

  private enum Kind {
    TEXT,
    WHOLE,
    TRUTH,
    SECONDS,
    TREE
  }

  /** A record's keys, in the order of its components, and how to make it. */
  private record Shape(List<String> keys, List<Kind> kinds, Constructor<?> constructor) {

    static Shape of(Class<? extends Record> type) {
      RecordComponent[] components = type.getRecordComponents();
      List<String> keys = new ArrayList<>(components.length);
      List<Kind> kinds = new ArrayList<>(components.length);
      Class<?>[] parameters = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        keys.add(snakeCase(components[i].getName()));
        kinds.add(kindOf(type, components[i]));
        parameters[i] = components[i].getType();
      }
      try {
        return new Shape(
            List.copyOf(keys), List.copyOf(kinds), type.getDeclaredConstructor(parameters));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("no canonical constructor: " + type.getName(), e);
      }
    }

    private static Kind kindOf(Class<?> type, RecordComponent component) {
      Class<?> of = component.getType();
      if (of == String.class) {
        return Kind.TEXT;
      }
      if (of == Integer.class) {
        return Kind.WHOLE;
      }
      if (of == Boolean.class) {
        return Kind.TRUTH;
      }
      if (of == BigDecimal.class) {
        return Kind.SECONDS;
      }
      if (of == JsonNode.class) {
        return Kind.TREE;
      }
      throw new IllegalStateException(
          type.getName() + "." + component.getName() + ": a " + of.getName()
              + " is not a kind that this binder knows");
    }
  }

  private static final Map<Class<?>, Shape> SHAPES =
      Map.of(
          RawSections.Document.class, Shape.of(RawSections.Document.class),
          RawSections.App.class, Shape.of(RawSections.App.class),
          RawSections.Exporter.class, Shape.of(RawSections.Exporter.class),
          RawSections.Fragment.class, Shape.of(RawSections.Fragment.class));

  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private SectionBinder() {}

  /**
   * Binds {@code node} to {@code type}, recording problems in {@code problems} at {@code at}.
   *
   * @return the bound record; {@code null} for a {@code null} node or one that is not a mapping
   */
  static <R extends Record> @Nullable R bind(
      JsonNode node, JsonPointer at, Class<R> type, Problems problems) {
    Shape shape = SHAPES.get(type);
    if (shape == null) {
      throw new IllegalArgumentException("not one of the framework's sections: " + type.getName());
    }
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(at, "expecting a mapping");
      return null;
    }
    Object[] values = new Object[shape.keys().size()];
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      int index = shape.keys().indexOf(key);
      if (index < 0) {
        unknownKey(node, at, key, shape.keys(), problems);
        continue;
      }
      JsonPointer valueAt = at.appendProperty(key);
      values[index] = value(shape.kinds().get(index), field.getValue(), valueAt, problems);
    }
    try {
      return type.cast(shape.constructor().newInstance(values));
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot create " + type.getName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + type.getName(), e);
    }
  }

  private static void unknownKey(
      JsonNode node, JsonPointer at, String key, List<String> known, Problems problems) {
    problems.addAtKey(at.appendProperty(key), ConfigBinder.unknownKeyMessage(key, known));
    String suggestion = Suggestions.nearest(key, known).orElse(null);
    if (suggestion != null && !node.has(suggestion)) {
      // "Did you mean 'targets'?" says it all: no "targets: must not be empty" beside it.
      problems.coveredBy(at.appendProperty(suggestion));
    }
  }

  private static @Nullable Object value(
      Kind kind, JsonNode value, JsonPointer at, Problems problems) {
    if (value.isNull()) {
      // An explicit null is an absent key, except for a subtree, which keeps it.
      return kind == Kind.TREE ? NullNode.getInstance() : null;
    }
    return switch (kind) {
      case TEXT -> text(value, at, problems);
      case WHOLE -> whole(value, at, problems);
      case TRUTH -> truth(value, at, problems);
      case SECONDS -> seconds(value, at, problems);
      case TREE -> value;
    };
  }

  /** Strings only: a number or a boolean is not silently a string. */
  private static String text(JsonNode value, JsonPointer at, Problems problems) {
    if (value.isTextual()) {
      return value.textValue();
    }
    problems.add(
        at,
        value.isValueNode()
            ? "expecting a string; quote the value to make it one"
            : ConfigBinder.expectation(String.class));
    return "";
  }

  /** A whole number from an integer, an integral decimal ({@code 2.0}) or a numeric string. */
  private static @Nullable Integer whole(JsonNode value, JsonPointer at, Problems problems) {
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isNumber() || value.isTextual()) {
      try {
        BigDecimal decimal =
            value.isTextual() ? new BigDecimal(value.textValue().strip()) : finite(value);
        number = decimal == null ? null : decimal.toBigIntegerExact();
      } catch (NumberFormatException | ArithmeticException e) {
        number = null;
      }
    } else {
      number = null;
    }
    if (number == null) {
      problems.add(at, ConfigBinder.expectation(Integer.class));
      return null;
    }
    if (number.compareTo(INT_MIN) < 0 || number.compareTo(INT_MAX) > 0) {
      problems.add(at, "expecting an integer between " + INT_MIN + " and " + INT_MAX);
      return null;
    }
    return number.intValue();
  }

  /**
   * {@code true} or {@code false}; as Jackson coerces scalars: an integer (0 is false), and the
   * strings {@code true}, {@code True}, {@code TRUE} and their {@code false} (an empty one or
   * {@code null} is no value).
   */
  private static @Nullable Boolean truth(JsonNode value, JsonPointer at, Problems problems) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().signum() != 0;
    }
    if (value.isTextual()) {
      String text = value.textValue().trim();
      switch (text) {
        case "true", "True", "TRUE":
          return Boolean.TRUE;
        case "false", "False", "FALSE":
          return Boolean.FALSE;
        case "", "null":
          return null;
        default:
          break;
      }
    }
    problems.add(at, ConfigBinder.expectation(Boolean.class));
    return null;
  }

  /** Seconds as a number, a numeric string or a Prometheus duration ({@code 1m30s}). */
  private static @Nullable BigDecimal seconds(JsonNode value, JsonPointer at, Problems problems) {
    if (value.isTextual()) {
      String text = value.textValue().strip();
      if (!text.isEmpty() && !Character.isDigit(text.charAt(text.length() - 1))) {
        BigDecimal seconds = SecondsDeserializer.parse(text);
        if (seconds == null) {
          problems.add(at, SecondsDeserializer.EXPECTED);
        }
        return seconds;
      }
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        problems.add(at, ConfigBinder.expectation(BigDecimal.class));
        return null;
      }
    }
    if (value.isNumber()) {
      BigDecimal decimal = finite(value);
      if (decimal == null) {
        problems.add(at, "expecting a finite number");
      }
      return decimal;
    }
    problems.add(at, ConfigBinder.expectation(BigDecimal.class));
    return null;
  }

  /** The number's decimal value; {@code null} for YAML's {@code .inf} and {@code .nan}. */
  private static @Nullable BigDecimal finite(JsonNode number) {
    if (number.getNodeType() == JsonNodeType.NUMBER
        && (number.isDouble() || number.isFloat())
        && !Double.isFinite(number.doubleValue())) {
      return null;
    }
    return number.decimalValue();
  }

  /**
   * A Java name as the file writes it, as Jackson's {@code SNAKE_CASE} does: {@code maxSeries} is
   * {@code max_series}.
   */
  static String snakeCase(String name) {
    StringBuilder key = new StringBuilder(name.length() + 4);
    boolean previousUpper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (!previousUpper && key.length() > 0 && key.charAt(key.length() - 1) != '_') {
          key.append('_');
        }
        key.append(Character.toLowerCase(c));
        previousUpper = true;
      } else {
        key.append(c);
        previousUpper = false;
      }
    }
    return key.toString();
  }
}
