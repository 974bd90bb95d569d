package dev.promonitor.core.internal.discovery;

import dev.promonitor.api.BaseExporter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finds the config class of an exporter: the type argument that it gives {@link BaseExporter}. */
public final class ConfigTypes {

  private ConfigTypes() {}

  /**
   * Resolves {@code C} in {@code BaseExporter<C>} for {@code exporterClass}, following type
   * variables through intermediate classes such as {@code AsyncExporter<C>}.
   *
   * @param exporterClass a concrete exporter class
   * @return the config class, or empty when the class leaves {@code C} unresolved (a raw
   *     {@code BaseExporter}, or a type variable all the way down)
   */
  public static Optional<Class<?>> configClassOf(Class<?> exporterClass) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    Class<?> current = exporterClass;
    while (current != null && current != BaseExporter.class) {
      Type superType = current.getGenericSuperclass();
      Class<?> superClass = current.getSuperclass();
      if (superType instanceof ParameterizedType parameterized) {
        TypeVariable<?>[] variables = superClass.getTypeParameters();
        Type[] arguments = parameterized.getActualTypeArguments();
        for (int i = 0; i < variables.length; i++) {
          bindings.put(variables[i], resolve(arguments[i], bindings));
        }
      }
      current = superClass;
    }
    if (current == null) {
      return Optional.empty();
    }
    Type config = bindings.get(BaseExporter.class.getTypeParameters()[0]);
    if (config instanceof Class<?> configClass) {
      return Optional.of(configClass);
    }
    if (config instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw) {
      return Optional.of(raw);
    }
    return Optional.empty();
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    Type resolved = type;
    while (resolved instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
      resolved = bindings.get(variable);
    }
    return resolved;
  }
}
