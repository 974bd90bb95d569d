package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.Range;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ConstraintScanTest {

  record Plain(String bucket, @Nullable Integer port, List<String> names, Map<String, String> tags) {}

  record OnAComponent(@NotBlank String bucket) {}

  record InATypeArgument(List<@NotBlank String> names) {}

  record InAMapValue(Map<String, List<@Min(1) Integer>> limits) {}

  record HibernateOwn(@Range(min = 1, max = 9) int level) {}

  record RepeatedConstraints(@Size.List({@Size(min = 1), @Size(max = 9)}) String code) {}

  record Cascading(@Valid Plain inner) {}

  /** A constraint of an exporter's own, known only by its {@code @Constraint}. */
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE, ElementType.TYPE})
  @Retention(RetentionPolicy.RUNTIME)
  @Constraint(validatedBy = {})
  @interface Even {
    String message() default "must be even";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
  }

  @Even
  record OnTheClass(int value) {}

  static class Base {
    @Min(1) int threads = 1;
  }

  static final class Derived extends Base {}

  interface Described {
    @NotBlank
    String description();
  }

  record ThroughAnInterface(String description) implements Described {}

  static final class WithGetter {
    private int size;

    @Min(0)
    public int getSize() {
      return size;
    }
  }

  @Test
  void aConfigWithoutValidationAnnotationsHasNoConstraints() {
    assertThat(ConstraintScan.hasConstraints(Plain.class)).isFalse();
    assertThat(ConstraintScan.hasConstraints(String.class)).isFalse();
    assertThat(ConstraintScan.hasConstraints(RawSections.App.class)).isFalse();
    assertThat(ConstraintScan.hasConstraints(RawSections.Exporter.class)).isFalse();
  }

  @Test
  void constraintsAnywhereInTheClassAreFound() {
    assertThat(ConstraintScan.hasConstraints(OnAComponent.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(InATypeArgument.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(InAMapValue.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(WithGetter.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(OnTheClass.class)).isTrue();
  }

  @Test
  void hibernateValidatorsOwnCustomAndRepeatedConstraintsAreFound() {
    assertThat(ConstraintScan.hasConstraints(HibernateOwn.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(RepeatedConstraints.class)).isTrue();
  }

  @Test
  void constraintsOfSuperclassesAndInterfacesAndCascadesCount() {
    assertThat(ConstraintScan.hasConstraints(Derived.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(ThroughAnInterface.class)).isTrue();
    assertThat(ConstraintScan.hasConstraints(Cascading.class)).isTrue();
  }

  @Test
  void theCheckerValidatesOnlyConfigsWithConstraints() {
    try (ConstraintChecker checker = new ConstraintChecker()) {
      assertThat(checker.violations(new Plain(" ", -1, List.of(""), Map.of()))).isEmpty();
      assertThat(checker.validated()).isFalse();

      assertThat(checker.violations(new OnAComponent(" ")))
          .singleElement()
          .satisfies(violation -> assertThat(violation.getMessage()).isEqualTo("must not be blank"));
      assertThat(checker.validated()).isTrue();
    }
  }
}
