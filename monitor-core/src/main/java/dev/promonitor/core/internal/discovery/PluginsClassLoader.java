package dev.promonitor.core.internal.discovery;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A class loader that sees the host's classes and those of every plugin: it asks its parent
 * first, then each plugin's loader in discovery order. Plugins stay isolated from each other; only
 * code that must see all exporters (binding configs, for instance) goes through this loader.
 */
public final class PluginsClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final List<URLClassLoader> plugins;

  /**
   * Creates the loader.
   *
   * @param parent the host's class loader, the parent of every plugin loader
   * @param plugins the plugin loaders, asked in this order
   */
  public PluginsClassLoader(ClassLoader parent, List<URLClassLoader> plugins) {
    super("promonitor-plugins", parent);
    this.plugins = List.copyOf(plugins);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    for (URLClassLoader plugin : plugins) {
      try {
        return plugin.loadClass(name);
      } catch (ClassNotFoundException e) {
        // not in this plugin; try the next
      }
    }
    throw new ClassNotFoundException(name);
  }

  @Override
  protected @Nullable URL findResource(String name) {
    for (URLClassLoader plugin : plugins) {
      URL url = plugin.findResource(name);
      if (url != null) {
        return url;
      }
    }
    return null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (URLClassLoader plugin : plugins) {
      urls.addAll(Collections.list(plugin.findResources(name)));
    }
    return Collections.enumeration(urls);
  }
}
