package dev.promonitor.core.internal.discovery;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import dev.promonitor.core.DiscoveryException;
import dev.promonitor.core.DiscoveryProblem;
import dev.promonitor.core.ExporterProvider;
import java.lang.reflect.Modifier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What makes a class a usable exporter (public, concrete, a public no-arg constructor, a valid
 * {@link ExporterType}, a config class), checked for discovered classes and for exporters
 * registered in code alike, and where a class was loaded from.
 */
public final class ExporterClasses {

  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private ExporterClasses() {}

  /**
   * Checks one exporter class and describes it.
   *
   * @param candidate the class named by a provider
   * @param source where it was found, for messages
   * @return its provider
   * @throws DiscoveryException naming the class and its source when it is not a usable exporter
   */
  public static ExporterProvider describe(Class<?> candidate, String source) {
    String where = candidate.getName() + " (" + source + ")";
    if (!BaseExporter.class.isAssignableFrom(candidate)) {
      throw invalid(candidate, source, where + " does not extend " + BaseExporter.class.getName());
    }
    if (Modifier.isAbstract(candidate.getModifiers()) || candidate.isInterface()) {
      throw invalid(candidate, source, where + " is abstract; an exporter must be a concrete class");
    }
    if (!Modifier.isPublic(candidate.getModifiers())) {
      throw invalid(candidate, source, where + " must be public");
    }
    try {
      candidate.getConstructor();
    } catch (NoSuchMethodException e) {
      throw invalid(candidate, source, where + " has no public no-arg constructor", e);
    }
    ExporterType annotation = candidate.getAnnotation(ExporterType.class);
    if (annotation == null) {
      throw invalid(
          candidate,
          source,
          where + " has no @ExporterType annotation; add @ExporterType(\"your_type\") to the class");
    }
    String type = annotation.value();
    if (!TYPE_NAME.matcher(type).matches()) {
      throw invalid(
          candidate,
          source,
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
                    invalid(
                        candidate,
                        source,
                        where
                            + " does not give BaseExporter a config class: declare it as"
                            + " 'extends BaseExporter<YourConfig>', or BaseExporter<Void> for none"));
    @SuppressWarnings("unchecked")
    Class<? extends BaseExporter<?>> exporterClass =
        (Class<? extends BaseExporter<?>>) candidate.asSubclass(BaseExporter.class);
    return new ExporterProvider(type, exporterClass, configClass, source);
  }

  private static DiscoveryException invalid(
      Class<?> candidate, String source, String message) {
    return invalid(candidate, source, message, null);
  }

  private static DiscoveryException invalid(
      Class<?> candidate, String source, String message, @Nullable Throwable cause) {
    return new DiscoveryException(
        new DiscoveryProblem(
            DiscoveryProblem.Kind.INVALID_EXPORTER, candidate.getName(), source, message),
        cause);
  }

  /**
   * Where a class was loaded from: the path of its jar or classes directory.
   *
   * @param type the class
   * @return a path, or the class loader's name when the class has no code source
   */
  public static String sourceOf(Class<?> type) {
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
}
