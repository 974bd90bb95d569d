package dev.promonitor.core.internal.discovery;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.DiscoveryProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place that runs {@link ServiceLoader} for exporters. It only loads the provider classes
 * ({@link ServiceLoader.Provider#type()}), never instantiates them, and turns every class that
 * cannot be loaded into a problem that names the class and the jar whose services file lists it.
 */
public final class ProviderScan {

  /** The services file that lists exporter classes. */
  public static final String SERVICES_FILE = "META-INF/services/" + BaseExporter.class.getName();

  /** Guards against a lookup that keeps failing without advancing. */
  private static final int MAX_ERRORS = 10_000;

  private ProviderScan() {}

  /**
   * What a scan found.
   *
   * @param classes the provider classes, in the order that {@link ServiceLoader} reported them
   * @param problems one problem per provider that could not be loaded
   * @param listedIn for each class name in the scanned services files, where it is listed
   */
  public record Result(
      List<Class<?>> classes, List<DiscoveryProblem> problems, Map<String, String> listedIn) {

    /** Copies the collections. */
    public Result {
      classes = List.copyOf(classes);
      problems = List.copyOf(problems);
      listedIn = Collections.unmodifiableMap(new LinkedHashMap<>(listedIn));
    }
  }

  /**
   * Scans the providers that {@code loader} sees, including those of its parents.
   *
   * @param loader the class loader of the host's class path
   * @return the providers and problems
   */
  public static Result scanClassPath(ClassLoader loader) {
    return scan(loader, listedIn(resources(loader, true)), false);
  }

  /**
   * Scans the providers of one plugin: only classes that {@code plugin} itself defines, and only
   * problems with classes that its own jars list; the parent's providers are scanned once, by
   * {@link #scanClassPath}.
   *
   * @param plugin a plugin's class loader
   * @return the providers and problems
   */
  public static Result scanPlugin(URLClassLoader plugin) {
    List<URL> servicesFiles = resources(plugin, false);
    Result result = scan(plugin, listedIn(servicesFiles), true);
    List<DiscoveryProblem> duplicates = duplicateListings(servicesFiles);
    if (duplicates.isEmpty()) {
      return result;
    }
    List<DiscoveryProblem> problems = new ArrayList<>(duplicates);
    problems.addAll(result.problems());
    return new Result(result.classes(), problems, result.listedIn());
  }

  /**
   * One problem per class that two jars of one class loader list: only the first jar's class would
   * ever run, which silently keeps an old version after an upgrade that left it beside the new.
   */
  private static List<DiscoveryProblem> duplicateListings(List<URL> servicesFiles) {
    Map<String, Set<String>> sources = new LinkedHashMap<>();
    for (URL servicesFile : servicesFiles) {
      String source = sourceOf(servicesFile);
      for (String className : classNamesIn(servicesFile)) {
        sources.computeIfAbsent(className, name -> new LinkedHashSet<>()).add(source);
      }
    }
    List<DiscoveryProblem> problems = new ArrayList<>();
    sources.forEach(
        (className, jars) -> {
          if (jars.size() > 1) {
            problems.add(
                new DiscoveryProblem(
                    DiscoveryProblem.Kind.DUPLICATE_TYPE,
                    className,
                    String.join(", ", jars),
                    className
                        + " is provided twice in one folder: by "
                        + String.join(" and by ", jars)
                        + "; only the first would run. Keep one of them (an old version left"
                        + " beside a new one?)"));
          }
        });
    return problems;
  }

  private static Result scan(ClassLoader loader, Map<String, String> listedIn, boolean ownOnly) {
    // BaseExporter.class is a Class<BaseExporter>; the loader gives instances of the raw type.
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<BaseExporter<?>> service = (Class) BaseExporter.class;
    Iterator<ServiceLoader.Provider<BaseExporter<?>>> lookup =
        ServiceLoader.load(service, loader).stream().iterator();
    List<Class<?>> classes = new ArrayList<>();
    Set<String> loaded = new LinkedHashSet<>();
    List<Throwable> failures = new ArrayList<>();
    while (failures.size() < MAX_ERRORS) {
      try {
        if (!lookup.hasNext()) {
          break;
        }
        Class<?> type = lookup.next().type();
        loaded.add(type.getName());
        if (!ownOnly || type.getClassLoader() == loader) {
          classes.add(type);
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        failures.add(e);
      }
    }
    // The services files are read already: the listed classes that the lookup refused are loaded
    // once more here, and the reason is told by the type of what that throws, not by the
    // wording of the lookup's error.
    List<DiscoveryProblem> found = new ArrayList<>();
    int explained = 0;
    for (String className : listedIn.keySet()) {
      if (loaded.contains(className)) {
        continue;
      }
      String source = listedIn.get(className);
      String where = className + " (" + source + ")";
      try {
        Class<?> type = Class.forName(className, false, loader);
        if (!ownOnly || type.getClassLoader() == loader) {
          // Loadable, so the lookup refused its shape: the catalog names what is wrong with it.
          classes.add(type);
        }
      } catch (ClassNotFoundException e) {
        found.add(
            unloadable(
                className,
                source,
                where
                    + " cannot be loaded: class not found; it is listed in "
                    + SERVICES_FILE
                    + " but the jar does not contain it"));
      } catch (LinkageError e) {
        found.add(
            unloadable(
                className,
                source,
                where
                    + " cannot be loaded: "
                    + e
                    + "; put the jars it needs beside it in the exporters dir"));
      }
      explained++;
    }
    if (failures.size() >= MAX_ERRORS) {
      found.add(
          unloadable(
              null,
              null,
              "gave up looking for exporters in " + loader + " after " + failures.size() + " errors"));
    }
    if (!ownOnly) {
      // Providers that no services file lists, such as those of named modules.
      for (Throwable failure :
          failures.subList(Math.min(explained, failures.size()), failures.size())) {
        found.add(unloadable(null, null, "an exporter provider cannot be loaded: " + failure));
      }
    }
    return new Result(classes, found, listedIn);
  }

  private static DiscoveryProblem unloadable(
      @Nullable String className, @Nullable String source, String message) {
    return new DiscoveryProblem(DiscoveryProblem.Kind.UNLOADABLE, className, source, message);
  }

  private static List<URL> resources(ClassLoader loader, boolean withParents) {
    try {
      Enumeration<URL> urls =
          withParents || !(loader instanceof URLClassLoader plugin)
              ? loader.getResources(SERVICES_FILE)
              : plugin.findResources(SERVICES_FILE);
      return Collections.list(urls);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Maps each class name listed in the services files to the jar or directory that lists it. */
  private static Map<String, String> listedIn(List<URL> servicesFiles) {
    Map<String, String> listedIn = new LinkedHashMap<>();
    for (URL servicesFile : servicesFiles) {
      String source = sourceOf(servicesFile);
      for (String className : classNamesIn(servicesFile)) {
        listedIn.putIfAbsent(className, source);
      }
    }
    return listedIn;
  }

  private static List<String> classNamesIn(URL servicesFile) {
    List<String> names = new ArrayList<>();
    try {
      URLConnection connection = servicesFile.openConnection();
      // Jar caching would keep plugin jars open after their class loader is closed.
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream();
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          int comment = line.indexOf('#');
          String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      }
    } catch (IOException e) {
      // ServiceLoader reports an unreadable services file itself
    }
    return names;
  }

  /**
   * The jar or classes directory that holds a services file.
   *
   * @param servicesFile the URL of a {@value #SERVICES_FILE}
   * @return a file system path when it can be derived, else the URL
   */
  static String sourceOf(URL servicesFile) {
    String url = servicesFile.toString();
    String container;
    if (url.startsWith("jar:") && url.contains("!/")) {
      container = url.substring("jar:".length(), url.indexOf("!/"));
    } else if (url.endsWith("/" + SERVICES_FILE)) {
      container = url.substring(0, url.length() - SERVICES_FILE.length() - 1);
    } else {
      return url;
    }
    try {
      return Path.of(new URI(container)).toString();
    } catch (URISyntaxException
        | IllegalArgumentException
        | java.nio.file.FileSystemNotFoundException e) {
      return container;
    }
  }
}
