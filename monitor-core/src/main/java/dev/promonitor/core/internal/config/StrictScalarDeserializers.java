package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Integer and string deserializers that send every mismatch through the
 * {@link com.fasterxml.jackson.databind.deser.DeserializationProblemHandler}, so that binding
 * goes on and collects all problems. Jackson's own throw on some mismatches (a float for an int),
 * and accept {@code 2.0} for an int only with {@code ACCEPT_FLOAT_AS_INT}, which would also
 * truncate {@code 1.5}.
 */
final class StrictScalarDeserializers {

  private StrictScalarDeserializers() {}

  /** The module that registers them. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("promonitor-strict-scalars");
    module.addDeserializer(Integer.class, new IntegerDeserializer(Integer.class, false));
    module.addDeserializer(Integer.TYPE, new IntegerDeserializer(Integer.TYPE, true));
    module.addDeserializer(Long.class, new LongDeserializer(Long.class, false));
    module.addDeserializer(Long.TYPE, new LongDeserializer(Long.TYPE, true));
    module.addDeserializer(String.class, new StringDeserializer());
    module.addDeserializer(BigDecimal.class, new DecimalDeserializer());
    addPrimitive(module, Boolean.TYPE, "boolean");
    addPrimitive(module, Double.TYPE, "double");
    addPrimitive(module, Float.TYPE, "float");
    addPrimitive(module, Short.TYPE, "short");
    addPrimitive(module, Byte.TYPE, "byte");
    addPrimitive(module, Character.TYPE, "char");
    return module;
  }

  @SuppressWarnings("unchecked")
  private static <T> void addPrimitive(SimpleModule module, Class<T> type, String name) {
    JsonDeserializer<?> standard = NumberDeserializers.find(type, name);
    if (standard != null) {
      module.addDeserializer(type, (JsonDeserializer<T>) new PrimitiveDefaults(standard, type));
    }
  }

  /**
   * Wraps Jackson's deserializer of a primitive: a key that the file lacks gets Java's default
   * (so that a record's {@code boolean} component is optional, like a plain class's field), and an
   * explicit {@code null} goes to the problem handler.
   */
  private static final class PrimitiveDefaults extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    private final Class<?> type;

    PrimitiveDefaults(JsonDeserializer<?> delegate, Class<?> type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new PrimitiveDefaults(newDelegatee, type);
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
      return ClassUtil.defaultValue(type);
    }

    @Override
    public Object getNullValue(DeserializationContext context) throws JsonMappingException {
      if (!context.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)) {
        return ClassUtil.defaultValue(type);
      }
      try {
        return context.handleUnexpectedToken(
            type, JsonToken.VALUE_NULL, context.getParser(), "null for a primitive");
      } catch (JsonMappingException e) {
        throw e;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Reads a whole number from an integer, an integral float ({@code 2.0}) or a numeric string. */
  private abstract static class WholeNumberDeserializer<T> extends StdScalarDeserializer<T> {

    private static final long serialVersionUID = 1L;

    private final boolean primitive;
    private final BigInteger min;
    private final BigInteger max;

    WholeNumberDeserializer(Class<T> type, boolean primitive, long min, long max) {
      super(type);
      this.primitive = primitive;
      this.min = BigInteger.valueOf(min);
      this.max = BigInteger.valueOf(max);
    }

    abstract T convert(BigInteger value);

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return inRange(parser.getBigIntegerValue(), parser, context);
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        Number number = parser.getNumberValue();
        if (number instanceof Double value && !Double.isFinite(value)) {
          return (T) context.handleWeirdNumberValue(handledType(), number, "not an integer");
        }
        try {
          return inRange(parser.getDecimalValue().toBigIntegerExact(), parser, context);
        } catch (ArithmeticException e) {
          return (T) context.handleWeirdNumberValue(handledType(), number, "not an integer");
        }
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        try {
          return inRange(new BigDecimal(text).toBigIntegerExact(), parser, context);
        } catch (NumberFormatException | ArithmeticException e) {
          return (T) context.handleWeirdStringValue(handledType(), text, "not an integer");
        }
      }
      return (T) context.handleUnexpectedToken(handledType(), parser);
    }

    @SuppressWarnings("unchecked")
    private T inRange(BigInteger value, JsonParser parser, DeserializationContext context)
        throws IOException {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        return (T)
            ConfigBinder.refuse(
                context, handledType(), "expecting an integer between " + min + " and " + max);
      }
      return convert(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getNullValue(DeserializationContext context) {
      if (!primitive
          || !context.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)) {
        return primitive ? convert(BigInteger.ZERO) : null;
      }
      try {
        return (T)
            context.handleUnexpectedToken(
                handledType(), JsonToken.VALUE_NULL, context.getParser(), "not an integer");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
      // A key that the file lacks: the record's or class's default applies, not an error.
      return primitive ? convert(BigInteger.ZERO) : null;
    }
  }

  private static final class IntegerDeserializer extends WholeNumberDeserializer<Integer> {
    private static final long serialVersionUID = 1L;

    IntegerDeserializer(Class<Integer> type, boolean primitive) {
      super(type, primitive, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    Integer convert(BigInteger value) {
      return value.intValue();
    }
  }

  private static final class LongDeserializer extends WholeNumberDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    LongDeserializer(Class<Long> type, boolean primitive) {
      super(type, primitive, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    Long convert(BigInteger value) {
      return value.longValue();
    }
  }

  /** Reads a decimal, refusing YAML's {@code .inf} and {@code .nan}. */
  private static final class DecimalDeserializer extends StdScalarDeserializer<BigDecimal> {
    private static final long serialVersionUID = 1L;

    DecimalDeserializer() {
      super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        Number number = parser.getNumberValue();
        if (number instanceof Double value && !Double.isFinite(value)) {
          return (BigDecimal)
              ConfigBinder.refuse(context, BigDecimal.class, "expecting a finite number");
        }
        return parser.getDecimalValue();
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        try {
          return new BigDecimal(text);
        } catch (NumberFormatException e) {
          return (BigDecimal)
              context.handleWeirdStringValue(BigDecimal.class, text, "not a number");
        }
      }
      return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
    }
  }

  /** Takes strings only: like pydantic v2, a number or a boolean is not silently a string. */
  private static final class StringDeserializer extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;

    StringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      if (token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL) {
        // YAML reads 12345 or yes as a number or a boolean: quoting makes it the string meant.
        return (String)
            ConfigBinder.refuse(
                context, String.class, "expecting a string; quote the value to make it one");
      }
      return (String) context.handleUnexpectedToken(String.class, parser);
    }
  }
}
