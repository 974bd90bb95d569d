package dev.promonitor.core.internal.config;

import jakarta.validation.Constraint;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a config class carries Bean Validation metadata at all, so that Hibernate Validator (a
 * tenth of the runner's start-up and some 600 classes) is bootstrapped only for configs that need
 * it. Errs on the side of validating: any annotation of the {@code jakarta.validation} packages
 * ({@code @Valid}, {@code @GroupSequence}), any constraint (an annotation whose type is annotated
 * {@code @Constraint}, Hibernate Validator's and custom ones included) or list of constraints, on
 * the class, its superclasses and interfaces, their fields, methods, constructors and parameters,
 * and in their type arguments ({@code List<@NotBlank String>}).
 */
final class ConstraintScan {

  private static final ClassValue<Boolean> HAS_CONSTRAINTS =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return scan(type, new HashSet<>());
          } catch (LinkageError | TypeNotPresentException unresolvable) {
            // A signature names a class that is missing: Hibernate Validator reports that.
            return true;
          }
        }
      };

  private ConstraintScan() {}

  /**
   * Whether validating an instance of {@code type} may find a violation.
   *
   * @param type a config class
   * @return {@code false} only when nothing of the class speaks of Bean Validation
   */
  static boolean hasConstraints(Class<?> type) {
    return HAS_CONSTRAINTS.get(type);
  }

  private static boolean scan(Class<?> type, Set<Class<?>> seen) {
    if (type == Object.class || type.isPrimitive() || !seen.add(type)) {
      return false;
    }
    if (annotated(type) || annotatedTypes(type.getAnnotatedInterfaces())) {
      return true;
    }
    if (type.getAnnotatedSuperclass() != null && annotated(type.getAnnotatedSuperclass())) {
      return true;
    }
    for (Field field : type.getDeclaredFields()) {
      if (annotated(field) || annotated(field.getAnnotatedType())) {
        return true;
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (annotated(method) || annotated(method.getAnnotatedReturnType()) || parameters(method)) {
        return true;
      }
    }
    for (Executable constructor : type.getDeclaredConstructors()) {
      if (annotated(constructor) || parameters(constructor)) {
        return true;
      }
    }
    Class<?> superclass = type.getSuperclass();
    if (superclass != null && scan(superclass, seen)) {
      return true;
    }
    for (Class<?> implemented : type.getInterfaces()) {
      if (scan(implemented, seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean parameters(Executable executable) {
    for (Parameter parameter : executable.getParameters()) {
      if (annotated(parameter) || annotated(parameter.getAnnotatedType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean annotatedTypes(AnnotatedType[] types) {
    for (AnnotatedType type : types) {
      if (annotated(type)) {
        return true;
      }
    }
    return false;
  }

  /** An annotated type and, within it, its type arguments, bounds and array components. */
  private static boolean annotated(AnnotatedType type) {
    if (annotated((AnnotatedElement) type)) {
      return true;
    }
    if (type instanceof AnnotatedParameterizedType parameterized) {
      return annotatedTypes(parameterized.getAnnotatedActualTypeArguments());
    }
    if (type instanceof AnnotatedArrayType array) {
      return annotated(array.getAnnotatedGenericComponentType());
    }
    if (type instanceof AnnotatedWildcardType wildcard) {
      return annotatedTypes(wildcard.getAnnotatedUpperBounds())
          || annotatedTypes(wildcard.getAnnotatedLowerBounds());
    }
    return false;
  }

  private static boolean annotated(AnnotatedElement element) {
    for (Annotation annotation : element.getDeclaredAnnotations()) {
      if (speaksOfValidation(annotation.annotationType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean speaksOfValidation(Class<? extends Annotation> annotationType) {
    if (annotationType.getPackageName().startsWith("jakarta.validation")
        || annotationType.isAnnotationPresent(Constraint.class)) {
      return true;
    }
    // A list of repeated constraints, such as @Size.List: its value() holds them.
    try {
      Class<?> value = annotationType.getMethod("value").getReturnType();
      return value.isArray()
          && value.getComponentType().isAnnotation()
          && value.getComponentType().isAnnotationPresent(Constraint.class);
    } catch (NoSuchMethodException noValue) {
      return false;
    }
  }
}
