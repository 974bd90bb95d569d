package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import dev.promonitor.core.internal.Suggestions;
import dev.promonitor.core.internal.discovery.ExporterClasses;
import dev.promonitor.core.internal.discovery.PluginDirectory;
import dev.promonitor.core.internal.discovery.PluginsClassLoader;
import dev.promonitor.core.internal.discovery.ProviderScan;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter types a host knows, by type name: the one place where exporter classes are
 * discovered and checked.
 *
 * <p>Exporters are found with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.promonitor.api.BaseExporter}, on the host's class path and in the
 * jars of an exporters dir ({@link #discover(ClassLoader, Path)}). Discovery loads the classes but
 * never instantiates them, and reports every problem it meets in one {@link DiscoveryException}.
 *
 * <p>Immutable and thread-safe. A catalog with plugins holds their class loaders open until
 * {@link #close()}.
 */
public final class ExporterCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.discovery");

  private final Map<String, ExporterProvider> providers;
  private final ClassLoader classLoader;
  private final List<URLClassLoader> pluginLoaders;
  private final @Nullable Path exportersDir;
  private final List<Path> jarsWithoutExporters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ExporterCatalog(
      Map<String, ExporterProvider> providers,
      ClassLoader classLoader,
      List<URLClassLoader> pluginLoaders,
      @Nullable Path exportersDir,
      List<Path> jarsWithoutExporters) {
    this.providers = providers;
    this.classLoader = classLoader;
    this.pluginLoaders = List.copyOf(pluginLoaders);
    this.exportersDir = exportersDir;
    this.jarsWithoutExporters = List.copyOf(jarsWithoutExporters);
  }

  /**
   * Exporters registered in {@code META-INF/services/dev.promonitor.api.BaseExporter} on the
   * class path of {@code classLoader}.
   *
   * @param classLoader the loader whose class path is searched, usually the host's
   * @return the catalog; closing it does nothing
   * @throws DiscoveryException listing every provider that cannot be loaded, is not a valid
   *     exporter, or shares its type with another
   */
  public static ExporterCatalog discover(ClassLoader classLoader) {
    requireNonNull(classLoader, "classLoader must not be null");
    return discover(classLoader, null, List.of(), List.of());
  }

  /**
   * Exporters registered on the class path of {@code parent}, plus every plugin in
   * {@code exportersDir}.
   *
   * <p>The jars directly in {@code exportersDir} share one class loader, so a plugin's own
   * dependencies may sit beside it. Each immediate sub-directory that holds jars is a separate
   * plugin with a class loader of its own, isolated from the other plugins. Every plugin loader has
   * {@code parent} as its parent, so the framework's classes (monitor-api, the Prometheus client,
   * SLF4J) always come from the host; a plugin must not bring its own copy.
   *
   * @param parent the host's class loader
   * @param exportersDir the plugins' directory, absolute or relative to the working directory; an
   *     empty directory is allowed
   * @return the catalog; close it to release the plugin jars
   * @throws DiscoveryException when {@code exportersDir} does not exist, or listing every provider
   *     that cannot be loaded, is not a valid exporter, or shares its type with another
   */
  public static ExporterCatalog discover(ClassLoader parent, Path exportersDir) {
    requireNonNull(parent, "parent must not be null");
    requireNonNull(exportersDir, "exportersDir must not be null");
    Path directory = exportersDir.toAbsolutePath().normalize();
    List<PluginDirectory.Plugin> plugins = PluginDirectory.scan(directory);
    if (plugins.isEmpty()) {
      LOG.warn(
          "Exporters dir {} holds no jars: only exporters on the class path are available",
          directory);
    }
    List<URLClassLoader> loaders = new ArrayList<>();
    for (PluginDirectory.Plugin plugin : plugins) {
      LOG.debug("Scanning plugin '{}' in {}: {}", plugin.name(), directory, plugin.jars());
      String loaderName = "promonitor-plugin[" + plugin.name() + "]";
      loaders.add(new URLClassLoader(loaderName, urlsOf(plugin.jars()), parent));
    }
    return discover(parent, directory, plugins, loaders);
  }

  private static ExporterCatalog discover(
      ClassLoader parent,
      @Nullable Path exportersDir,
      List<PluginDirectory.Plugin> plugins,
      List<URLClassLoader> loaders) {
    try {
      List<DiscoveryProblem> problems = new ArrayList<>();
      List<ExporterProvider> found = new ArrayList<>();
      ProviderScan.Result classPath = ProviderScan.scanClassPath(parent);
      LOG.debug(
          "Scanned the class path: exporters listed in {}",
          classPath.listedIn().values().stream().distinct().toList());
      describeAll(classPath, found, problems);
      List<Path> jarsWithoutExporters = new ArrayList<>();
      for (int i = 0; i < loaders.size(); i++) {
        ProviderScan.Result scan = ProviderScan.scanPlugin(loaders.get(i));
        describeAll(scan, found, problems);
        if (scan.listedIn().isEmpty()) {
          List<Path> jars = plugins.get(i).jars();
          LOG.warn(
              "{} in {} list(s) no exporter in {}: nothing from it can run",
              jars.stream().map(jar -> jar.getFileName().toString()).toList(),
              exportersDir,
              ProviderScan.SERVICES_FILE);
          jarsWithoutExporters.addAll(jars);
        }
      }
      Map<String, ExporterProvider> byType = byType(found, problems);
      if (!problems.isEmpty()) {
        throw new DiscoveryException(problems);
      }
      for (ExporterProvider provider : byType.values()) {
        LOG.info(
            "Found exporter type '{}': {} ({})",
            provider.type(),
            provider.exporterClass().getName(),
            provider.source());
      }
      ClassLoader seesAll = loaders.isEmpty() ? parent : new PluginsClassLoader(parent, loaders);
      return new ExporterCatalog(
          java.util.Collections.unmodifiableMap(byType),
          seesAll,
          loaders,
          exportersDir,
          jarsWithoutExporters);
    } catch (RuntimeException | Error e) {
      closeAll(loaders);
      throw e;
    }
  }

  private static void describeAll(
      ProviderScan.Result scan, List<ExporterProvider> found, List<DiscoveryProblem> problems) {
    problems.addAll(scan.problems());
    for (Class<?> candidate : scan.classes()) {
      String source = ExporterClasses.sourceOf(candidate);
      try {
        found.add(ExporterClasses.describe(candidate, source));
      } catch (DiscoveryException e) {
        problems.addAll(e.problems());
      } catch (LinkageError
          | TypeNotPresentException
          | java.lang.reflect.MalformedParameterizedTypeException e) {
        // The class loaded, but a type that its declaration needs (such as its config) did not.
        problems.add(
            new DiscoveryProblem(
                DiscoveryProblem.Kind.UNLOADABLE,
                candidate.getName(),
                source,
                candidate.getName()
                    + " ("
                    + source
                    + ") cannot be loaded: "
                    + e
                    + "; put the jars it needs beside it in the exporters dir"));
      }
    }
  }

  private static URL[] urlsOf(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new DiscoveryException(
            new DiscoveryProblem(
                DiscoveryProblem.Kind.EXPORTERS_DIR,
                null,
                jars.get(i).toString(),
                "cannot use plugin jar " + jars.get(i) + ": " + e),
            e);
      }
    }
    return urls;
  }

  private static void closeAll(List<URLClassLoader> loaders) {
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        LOG.warn("Cannot close the class loader {}: {}", loader.getName(), e.toString());
      }
    }
  }

  /**
   * The class loader that sees the exporters' classes: the parent given to {@code discover} when
   * there are no plugins, else a loader that asks the parent and then each plugin's loader in
   * turn (each exporter class itself is defined by its own plugin's loader). For a catalog made
   * with {@link #of}, the loader of the first exporter class.
   *
   * @return the loader for code that must see every exporter's classes, such as config binding
   */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /**
   * Closes the plugins' class loaders, releasing their jars. Exporter classes from plugins may
   * fail to load classes they have not used yet after this. Idempotent; does nothing for a catalog
   * without plugins.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeAll(pluginLoaders);
    }
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
      found.add(ExporterClasses.describe(exporterClass, ExporterClasses.sourceOf(exporterClass)));
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
    List<DiscoveryProblem> problems = new ArrayList<>();
    Map<String, ExporterProvider> byType = byType(found, problems);
    if (!problems.isEmpty()) {
      throw new DiscoveryException(problems);
    }
    ClassLoader loader =
        byType.isEmpty()
            ? ExporterCatalog.class.getClassLoader()
            : byType.values().iterator().next().exporterClass().getClassLoader();
    return new ExporterCatalog(
        java.util.Collections.unmodifiableMap(byType), loader, List.of(), null, List.of());
  }

  /**
   * Indexes providers by type, sorted by type name, adding a problem for each type that two
   * classes provide.
   */
  private static Map<String, ExporterProvider> byType(
      Collection<ExporterProvider> found, List<DiscoveryProblem> problems) {
    Map<String, ExporterProvider> byType = new LinkedHashMap<>();
    found.stream()
        .sorted(Comparator.comparing(ExporterProvider::type))
        .forEach(
            provider -> {
              ExporterProvider previous = byType.putIfAbsent(provider.type(), provider);
              if (previous != null && previous.exporterClass() != provider.exporterClass()) {
                problems.add(
                    new DiscoveryProblem(
                        DiscoveryProblem.Kind.DUPLICATE_TYPE,
                        previous.exporterClass().getName(),
                        previous.source(),
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
                            + ")"));
              }
            });
    return byType;
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
    return Suggestions.nearest(unknownType, providers.keySet());
  }

  /**
   * Why an expected type may be missing, for messages: the plugin jars that list no exporter, or
   * an exporters dir without jars.
   *
   * @return a sentence, or empty when every plugin provides an exporter
   */
  public String whyNothingProvides() {
    if (!jarsWithoutExporters.isEmpty()) {
      return "These jars in "
          + exportersDir
          + " list no exporter in "
          + ProviderScan.SERVICES_FILE
          + ": "
          + jarsWithoutExporters.stream()
              .map(jar -> jar.getFileName().toString())
              .collect(java.util.stream.Collectors.joining(", "))
          + "; add that file, naming the exporter class, to the exporter's jar";
    }
    if (exportersDir != null && pluginLoaders.isEmpty() && providers.isEmpty()) {
      return "The exporters dir " + exportersDir + " holds no jar";
    }
    return "";
  }

  /**
   * The jars of the plugins in the exporters dir that provide no exporter at all.
   *
   * @return the jars, in the order of the plugins; empty without an exporters dir
   */
  public List<Path> jarsWithoutExporters() {
    return jarsWithoutExporters;
  }
}
