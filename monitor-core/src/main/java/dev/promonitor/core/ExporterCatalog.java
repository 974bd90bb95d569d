package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import dev.promonitor.core.internal.discovery.ConfigTypes;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The exporter types a host knows, by type name: the one place where exporter classes are
 * discovered and checked.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExporterCatalog {

  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private final Map<String, ExporterProvider> providers;

  private ExporterCatalog(Map<String, ExporterProvider> providers) {
    this.providers = providers;
  }

  /**
   * A catalog of the given exporter classes, without looking at the class path: for hosts that
   * register their exporters in code, and for tests.
   *
   * @param exporterClasses concrete exporter classes carrying {@link ExporterType}
   * @return the catalog
   * @throws DiscoveryException when a class is not a valid exporter or two share a type
   */
  @SafeVarargs
  public static ExporterCatalog of(Class<? extends BaseExporter<?>>... exporterClasses) {
    requireNonNull(exporterClasses, "exporterClasses must not be null");
    List<ExporterProvider> found = new ArrayList<>();
    for (Class<? extends BaseExporter<?>> exporterClass : exporterClasses) {
      found.add(describe(exporterClass, sourceOf(exporterClass)));
    }
    return fromProviders(found);
  }

  /**
   * Builds a catalog from described providers, refusing duplicate types.
   *
   * @param found the providers, in discovery order
   * @return the catalog
   * @throws DiscoveryException when two providers share a type
   */
  static ExporterCatalog fromProviders(Collection<ExporterProvider> found) {
    Map<String, ExporterProvider> byType = new LinkedHashMap<>();
    found.stream()
        .sorted(Comparator.comparing(ExporterProvider::type))
        .forEach(
            provider -> {
              ExporterProvider previous = byType.putIfAbsent(provider.type(), provider);
              if (previous != null && previous.exporterClass() != provider.exporterClass()) {
                throw new DiscoveryException(
                    "exporter type '"
                        + provider.type()
                        + "' is provided twice: by "
                        + previous.exporterClass().getName()
                        + " ("
                        + previous.source()
                        + ") and by "
                        + provider.exporterClass().getName()
                        + " ("
                        + provider.source()
                        + ")");
              }
            });
    return new ExporterCatalog(java.util.Collections.unmodifiableMap(byType));
  }

  /**
   * Checks one exporter class and describes it.
   *
   * @param candidate the class named by a provider
   * @param source where it was found, for messages
   * @return its provider
   * @throws DiscoveryException naming the class and its source when it is not a usable exporter
   */
  static ExporterProvider describe(Class<?> candidate, String source) {
    String where = candidate.getName() + " (" + source + ")";
    if (!BaseExporter.class.isAssignableFrom(candidate)) {
      throw new DiscoveryException(where + " does not extend " + BaseExporter.class.getName());
    }
    if (Modifier.isAbstract(candidate.getModifiers()) || candidate.isInterface()) {
      throw new DiscoveryException(where + " is abstract; an exporter must be a concrete class");
    }
    if (!Modifier.isPublic(candidate.getModifiers())) {
      throw new DiscoveryException(where + " must be public");
    }
    try {
      candidate.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new DiscoveryException(where + " has no public no-arg constructor", e);
    }
    ExporterType annotation = candidate.getAnnotation(ExporterType.class);
    if (annotation == null) {
      throw new DiscoveryException(
          where + " has no @ExporterType annotation; add @ExporterType(\"your_type\") to the class");
    }
    String type = annotation.value();
    if (!TYPE_NAME.matcher(type).matches()) {
      throw new DiscoveryException(
          where
              + " has an invalid @ExporterType: expecting letters, digits, '_', '-' or '.',"
              + " starting with a letter or a digit. Found: '"
              + type
              + "'");
    }
    Class<?> configClass =
        ConfigTypes.configClassOf(candidate)
            .orElseThrow(
                () ->
                    new DiscoveryException(
                        where
                            + " does not give BaseExporter a config class: declare it as"
                            + " 'extends BaseExporter<YourConfig>', or BaseExporter<Void> for none"));
    @SuppressWarnings("unchecked")
    Class<? extends BaseExporter<?>> exporterClass =
        (Class<? extends BaseExporter<?>>) candidate.asSubclass(BaseExporter.class);
    return new ExporterProvider(type, exporterClass, configClass, source);
  }

  /**
   * Where a class was loaded from: the path of its jar or classes directory.
   *
   * @param type the class
   * @return a path, or the class loader's name when the class has no code source
   */
  static String sourceOf(Class<?> type) {
    var domain = type.getProtectionDomain();
    var codeSource = domain == null ? null : domain.getCodeSource();
    if (codeSource == null || codeSource.getLocation() == null) {
      return "class loader " + type.getClassLoader();
    }
    try {
      return java.nio.file.Path.of(codeSource.getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return codeSource.getLocation().toString();
    }
  }

  /**
   * Finds the provider of a type.
   *
   * @param type the type name, as written in the config file
   * @return the provider, or empty when no exporter has that type
   */
  public Optional<ExporterProvider> find(String type) {
    return Optional.ofNullable(providers.get(type));
  }

  /**
   * Every known provider.
   *
   * @return the providers, sorted by type name
   */
  public List<ExporterProvider> providers() {
    return List.copyOf(providers.values());
  }

  /**
   * Every known type name.
   *
   * @return the type names, sorted
   */
  public List<String> types() {
    return List.copyOf(providers.keySet());
  }

  /**
   * The known type closest to an unknown one, for a "did you mean" hint.
   *
   * @param unknownType a type name that {@link #find} does not know
   * @return the nearest known type within a small edit distance, or empty
   */
  public Optional<String> suggest(String unknownType) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : providers.keySet()) {
      int distance = editDistance(unknownType.toLowerCase(java.util.Locale.ROOT), known.toLowerCase(java.util.Locale.ROOT));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, unknownType.length() / 3);
    return best != null && bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
  }

  /**
   * The message for a type that no exporter provides: the known types and the nearest one.
   *
   * @param unknownType the type as written in the config file
   * @return for example {@code unknown exporter type 'dir_sise'; known types: dir_size, s3_size.
   *     Did you mean 'dir_size'?}
   */
  public String unknownTypeMessage(String unknownType) {
    String known = providers.isEmpty() ? "none (is --exporters-dir set?)" : String.join(", ", providers.keySet());
    String message = "unknown exporter type; known types: " + known;
    return suggest(unknownType).map(nearest -> message + ". Did you mean '" + nearest + "'?").orElse(message);
  }

  /** The classic Levenshtein distance, for suggestions. */
  static int editDistance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int j = 0; j <= right.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= right.length(); j++) {
        int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }
}
