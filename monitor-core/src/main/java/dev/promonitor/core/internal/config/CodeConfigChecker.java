package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the Bean Validation constraints of config objects built in code (for hosts that register
 * exporters programmatically), reporting them like the config loader does.
 */
public final class CodeConfigChecker {

  private CodeConfigChecker() {}

  /**
   * Validates a config object.
   *
   * @param config the config object
   * @param path where it stands, as a config file would write it, such as {@code exporters[0].config}
   * @param location what to name as its source
   * @return the problems, empty when the config is valid
   */
  public static List<ConfigProblem> problems(Object config, String path, ConfigLocation location) {
    List<ConfigProblem> problems = new ArrayList<>();
    try (ConstraintChecker checker = new ConstraintChecker()) {
      for (ConstraintViolation<Object> violation : checker.violations(config)) {
        JsonPointer pointer = ConstraintChecker.pointerOf(violation.getPropertyPath());
        String found =
            violation.getInvalidValue() == null
                ? null
                : KeyPaths.isSecret(pointer)
                    ? FoundValues.MASK
                    : FoundValues.renderJava(violation.getInvalidValue());
        String key = KeyPaths.of(pointer, null);
        String fullPath = key.isEmpty() ? path : key.startsWith("[") ? path + key : path + "." + key;
        problems.add(new ConfigProblem(location, fullPath, violation.getMessage(), found));
      }
    }
    return problems;
  }
}
