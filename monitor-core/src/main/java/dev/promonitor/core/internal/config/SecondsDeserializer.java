package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code *_seconds} key: a number of seconds as before (fractions allowed, also written
 * as a string), or a duration as Prometheus writes it, such as {@code 500ms}, {@code 30s},
 * {@code 1m30s} or {@code 2h} (units {@code y}, {@code w}, {@code d}, {@code h}, {@code m},
 * {@code s}, {@code ms}, each a whole number, largest first). Ranges are checked afterwards, on
 * the seconds, exactly as for a number.
 */
final class SecondsDeserializer extends StdScalarDeserializer<BigDecimal> {

  private static final long serialVersionUID = 1L;

  /** Prometheus's duration syntax (model.ParseDuration). */
  private static final Pattern DURATION =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private static final long[] UNIT_SECONDS = {365L * 86_400, 7L * 86_400, 86_400, 3_600, 60, 1};

  static final String EXPECTED =
      "expecting a number of seconds or a duration such as 500ms, 30s, 1m30s or 2h";

  SecondsDeserializer() {
    super(BigDecimal.class);
  }

  @Override
  public BigDecimal deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      String text = parser.getText().strip();
      if (!text.isEmpty() && !Character.isDigit(text.charAt(text.length() - 1))) {
        BigDecimal seconds = parse(text);
        return seconds != null
            ? seconds
            : (BigDecimal) ConfigBinder.refuse(context, BigDecimal.class, EXPECTED);
      }
    }
    return context.readValue(parser, BigDecimal.class);
  }

  /**
   * The seconds of a Prometheus duration.
   *
   * @param text such as {@code 1m30s}
   * @return the seconds, or {@code null} when the text is not such a duration
   */
  static BigDecimal parse(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (text.isEmpty() || !matcher.matches()) {
      return null;
    }
    BigDecimal seconds = BigDecimal.ZERO;
    for (int unit = 0; unit < UNIT_SECONDS.length; unit++) {
      String amount = matcher.group(unit + 1);
      if (amount != null) {
        seconds = seconds.add(new BigDecimal(amount).multiply(BigDecimal.valueOf(UNIT_SECONDS[unit])));
      }
    }
    String millis = matcher.group(UNIT_SECONDS.length + 1);
    if (millis != null) {
      seconds = seconds.add(new BigDecimal(millis).movePointLeft(3));
    }
    return seconds;
  }
}
