package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Describes the keys of an exporter's config class as the config file writes them, for the
 * runner's {@code --list-exporters}: snake_case names, Java types, defaults and whether required.
 */
public final class ConfigDescriptions {

  private static final ConfigBinder BINDER = new ConfigBinder();

  private static final List<Class<? extends Annotation>> REQUIRED =
      List.of(NotNull.class, NotEmpty.class, NotBlank.class);

  private ConfigDescriptions() {}

  /**
   * One key of a config class.
   *
   * @param name the key, such as {@code bucket_names}
   * @param type the Java type without packages, such as {@code List<String>}
   * @param defaultValue the value a config without the key gets, rendered as a YAML flow value
   *     such as {@code ["a"]}; empty when the class cannot be made without keys
   * @param required whether the key carries {@code @NotNull}, {@code @NotEmpty} or
   *     {@code @NotBlank} and its default (if one is known) breaks it
   */
  public record Key(String name, String type, Optional<String> defaultValue, boolean required) {}

  /**
   * The keys of {@code configClass}, in Jackson's order (declaration order for records).
   *
   * @param configClass an exporter's config class
   * @return its keys
   */
  public static List<Key> describe(Class<?> configClass) {
    ObjectMapper mapper = BINDER.mapper();
    BeanDescription description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(configClass));
    JsonNode defaults = defaults(configClass);
    List<Key> keys = new ArrayList<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (!property.couldDeserialize()) {
        continue;
      }
      String name = property.getName();
      Optional<String> value = Optional.empty();
      JsonNode node = defaults == null ? null : defaults.get(name);
      if (defaults != null) {
        value = Optional.of(node == null ? "null" : FoundValues.renderWhole(node, Set.of()));
      }
      keys.add(
          new Key(
              name,
              simpleName(property.getPrimaryType().toCanonical()),
              value,
              isRequired(property, defaults == null ? null : node)));
    }
    return keys;
  }

  /** The config as binding an empty mapping makes it, as a tree; {@code null} when refused. */
  private static @Nullable JsonNode defaults(Class<?> configClass) {
    SourceDocument empty =
        new SourceDocument(
            "<defaults>",
            JsonNodeFactory.instance.objectNode(),
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of());
    Problems problems = new Problems(empty);
    Object bound =
        BINDER.bind(
            JsonNodeFactory.instance.objectNode(),
            JsonPointer.empty(),
            configClass,
            problems);
    if (bound == null || !problems.isEmpty()) {
      return null;
    }
    try {
      return BINDER.mapper().valueToTree(bound);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Whether a config must set the key: it carries a constraint that its default breaks (a key
   * with a usable default is not required, whatever its constraints).
   */
  private static boolean isRequired(BeanPropertyDefinition property, @Nullable JsonNode defaultValue) {
    List<Class<? extends Annotation>> constraints =
        REQUIRED.stream()
            .filter(
                annotation ->
                    Stream.of(
                            property.getField(),
                            property.getConstructorParameter(),
                            property.getGetter(),
                            property.getSetter())
                        .filter(member -> member != null)
                        .map(AnnotatedMember.class::cast)
                        .anyMatch(member -> member.hasAnnotation(annotation)))
            .toList();
    if (constraints.isEmpty()) {
      return false;
    }
    if (defaultValue == null || defaultValue.isNull()) {
      return true;
    }
    boolean empty =
        defaultValue.isContainerNode() ? defaultValue.isEmpty() : defaultValue.asText().isEmpty();
    boolean blank = defaultValue.isTextual() && defaultValue.asText().isBlank();
    return constraints.contains(NotEmpty.class) && empty
        || constraints.contains(NotBlank.class) && (empty || blank);
  }

  /** {@code java.util.List<java.lang.String>} to {@code List<String>}. */
  static String simpleName(String canonical) {
    return canonical.replaceAll("(?:[a-zA-Z_][\\w]*\\.)+", "").replace('$', '.');
  }
}
