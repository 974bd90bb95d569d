package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;

/**
 * Checks the Jakarta Bean Validation constraints of bound configs with Hibernate Validator, and
 * reports each violation at the key path written in the file ({@code bucket_names[2]}). Hibernate
 * Validator is bootstrapped on the first config whose class has constraints ({@link
 * ConstraintScan}): a config file whose exporters' configs have none is read without it.
 */
final class ConstraintChecker implements AutoCloseable {

  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private @Nullable Validator validator;

  ConstraintChecker() {}

  /**
   * The process's one validator factory, built on first use: building one is most of what Bean
   * Validation costs, and a factory is thread-safe, so every load and reload shares it (its
   * metadata of config classes is held softly).
   */
  private static final class Shared {

    /**
     * The logger of Hibernate Validator's start-up line ("HV000001: Hibernate Validator 8...").
     * Where the application has no logging backend that JBoss Logging knows, that line goes
     * through {@code java.util.logging} and lands on the application's standard error as a
     * two-line banner; at WARN, the line is left out, and nothing else is. Held here so that the
     * level is not lost with the logger. An application that sets the level itself keeps it.
     */
    static final java.util.logging.Logger VERSION_LOGGER = quietVersionLogger();

    // Hibernate Validator named directly, with no META-INF/validation.xml to look for or parse;
    // the parameter interpolator needs no Jakarta Expression Language implementation.
    static final ValidatorFactory FACTORY =
        Validation.byProvider(HibernateValidator.class)
            .configure()
            .ignoreXmlConfiguration()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();

    private static java.util.logging.Logger quietVersionLogger() {
      java.util.logging.Logger logger =
          java.util.logging.Logger.getLogger("org.hibernate.validator.internal.util.Version");
      if (logger.getLevel() == null) {
        logger.setLevel(java.util.logging.Level.WARNING);
      }
      return logger;
    }
  }

  /** Whether this checker has validated a config, with Hibernate Validator bootstrapped for it. */
  boolean validated() {
    return validator != null;
  }

  private Validator validator() {
    Validator started = validator;
    if (started == null) {
      started = Shared.FACTORY.getValidator();
      validator = started;
    }
    return started;
  }

  /**
   * Validates {@code value}, bound from the node at {@code at}, skipping violations where binding
   * already found a problem.
   */
  void check(Object value, JsonPointer at, Problems problems) {
    for (ConstraintViolation<Object> violation : violations(value)) {
      JsonPointer pointer = at.append(pointerOf(violation.getPropertyPath()));
      if (problems.touches(pointer)) {
        continue;
      }
      String found = problems.foundAt(pointer);
      if (found == null && violation.getInvalidValue() != null) {
        // A value the file does not hold as such, perhaps made from a substituted one.
        found =
            problems.document().masksAtOrUnder(pointer)
                ? FoundValues.MASK
                : FoundValues.renderJava(violation.getInvalidValue());
      }
      problems.add(pointer, violation.getMessage(), found);
    }
  }

  /** The violations of {@code value}'s constraints, sorted by property path. */
  List<ConstraintViolation<Object>> violations(Object value) {
    if (!ConstraintScan.hasConstraints(value.getClass())) {
      return List.of();
    }
    return validator().validate(value).stream()
        .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
        .toList();
  }

  /** Turns {@code bucketNames[2].<list element>} into the pointer {@code /bucket_names/2}. */
  static JsonPointer pointerOf(Path path) {
    JsonPointer pointer = JsonPointer.empty();
    for (Path.Node node : path) {
      if (node.isInIterable()) {
        if (node.getIndex() != null) {
          pointer = pointer.appendIndex(node.getIndex());
        } else if (node.getKey() != null) {
          pointer = pointer.appendProperty(String.valueOf(node.getKey()));
        }
      }
      if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
        pointer = pointer.appendProperty(SNAKE_CASE.translate(node.getName()));
      }
    }
    return pointer;
  }

  /** Nothing to release: the factory is shared (see {@link Shared}). */
  @Override
  public void close() {}
}
