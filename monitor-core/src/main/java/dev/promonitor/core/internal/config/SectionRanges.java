package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The range checks of the framework's own sections, in code rather than as Bean Validation
 * constraints, so that reading a config needs Hibernate Validator only for exporter configs that
 * carry constraints. The messages are those of client_java's style that the constraints gave.
 */
final class SectionRanges {

  /** Not blank as the constraint {@code @Pattern(regexp = "(?s).*\\S.*")} had it. */
  private static final Pattern NOT_BLANK = Pattern.compile("(?s).*\\S.*");

  private SectionRanges() {}

  /** Reports a present value with no character other than whitespace. */
  static void notBlank(@Nullable String value, JsonPointer at, Problems problems) {
    if (value != null && !problems.touches(at) && !NOT_BLANK.matcher(value).matches()) {
      problems.add(at, "must not be blank");
    }
  }

  /** Reports a present value below {@code min} ({@code expecting value > 0} for 1). */
  static void atLeast(@Nullable Integer value, int min, JsonPointer at, Problems problems) {
    if (value != null && !problems.touches(at) && value < min) {
      problems.add(at, min == 0 ? "expecting value >= 0" : "expecting value > " + (min - 1));
    }
  }

  /** Reports a present value outside {@code min} to {@code max}. */
  static void between(@Nullable Integer value, int min, int max, JsonPointer at, Problems problems) {
    if (value != null && !problems.touches(at) && (value < min || value > max)) {
      problems.add(at, "expecting value between " + min + " and " + max);
    }
  }
}
