package dev.promonitor.runner.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;

/**
 * A class loader that shows Log4j a plugin index holding only the plugins that the runner's
 * logging uses, set as the context class loader of the thread that starts Log4j.
 *
 * <p>Log4j reads its plugin index ({@code Log4j2Plugins.dat}, found through the context class
 * loader) once per process, the first time any configuration is made, and loads the class of
 * every entry: of log4j-core's 229, the runner's configuration (a console or file appender, a
 * layout, a threshold filter, loggers) uses a dozen, and the rest (rolling files, JDBC, Kafka,
 * SMTP, routing, scripts, the JSON, XML and YAML layouts and configuration factories…) would take
 * a place in the class-data archive and in memory for nothing. Everything else this loader is
 * asked for, it asks its parent.
 */
final class Log4jPluginIndex extends ClassLoader {

  /** Where Log4j looks for its plugin index. */
  static final String INDEX = PluginProcessor.PLUGIN_CACHE_FILE;

  /**
   * The plugins kept, by category (lower case, as in the index; an empty set keeps the whole
   * category): the pattern converters and the lookups, so that a config's own
   * {@code logging.pattern} keeps all of PatternLayout's syntax (a {@code $${sys:user.name}}
   * of the config reaches Log4j as a lookup); the type converters that turn the configuration's
   * attributes into values; and of the core plugins those that {@link Log4jLogging}'s
   * configuration names.
   */
  static final Map<String, Set<String>> KEPT =
      Map.of(
          "converter", Set.of(),
          "lookup", Set.of(),
          "typeconverter", Set.of(),
          "core",
              Set.of(
                  "appenders",
                  "appenderref",
                  "console",
                  "file",
                  "patternlayout",
                  "replace",
                  "thresholdfilter",
                  "loggers",
                  "logger",
                  "root"));

  private final URL index;

  private Log4jPluginIndex(ClassLoader parent, byte[] index) {
    super("promonitor-log4j-plugins", parent);
    this.index = indexUrl(index);
  }

  /**
   * The loader over {@code parent}, its plugin index made from those that {@code parent} finds.
   *
   * @param parent the loader of Log4j's classes
   * @return the loader
   * @throws IOException when an index cannot be read
   */
  static Log4jPluginIndex over(ClassLoader parent) throws IOException {
    PluginCache cache = new PluginCache();
    cache.loadCacheFiles(parent.getResources(INDEX));
    Map<String, Map<String, PluginEntry>> categories = cache.getAllCategories();
    categories.keySet().retainAll(KEPT.keySet());
    for (Map.Entry<String, Map<String, PluginEntry>> category : categories.entrySet()) {
      Set<String> keys = KEPT.get(category.getKey());
      if (!keys.isEmpty()) {
        category.getValue().keySet().retainAll(keys);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    cache.writeCache(bytes);
    return new Log4jPluginIndex(parent, bytes.toByteArray());
  }

  @Override
  public URL getResource(String name) {
    return INDEX.equals(name) ? index : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return INDEX.equals(name)
        ? Collections.enumeration(List.of(index))
        : super.getResources(name);
  }

  /**
   * Runs {@code start} with this loader as the current thread's context class loader, then puts
   * the earlier one back.
   *
   * @param start what starts Log4j
   */
  void whileStarting(Runnable start) {
    Thread thread = Thread.currentThread();
    ClassLoader earlier = thread.getContextClassLoader();
    thread.setContextClassLoader(this);
    try {
      start.run();
    } finally {
      thread.setContextClassLoader(earlier);
    }
  }

  private static URL indexUrl(byte[] index) {
    URLStreamHandler handler =
        new URLStreamHandler() {
          @Override
          protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
              @Override
              public void connect() {}

              @Override
              public InputStream getInputStream() {
                return new ByteArrayInputStream(index);
              }
            };
          }
        };
    try {
      return new URL("promonitor", "", -1, "/" + INDEX, handler);
    } catch (java.net.MalformedURLException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
