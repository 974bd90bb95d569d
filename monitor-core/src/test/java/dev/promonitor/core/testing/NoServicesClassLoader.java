package dev.promonitor.core.testing;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A class loader that sees every class of its parent but none of its exporter services files: a
 * host class path without exporters, so that tests of plugin discovery see only their plugins.
 */
public final class NoServicesClassLoader extends ClassLoader {

  /**
   * Creates the loader.
   *
   * @param parent the loader whose classes stay visible
   */
  public NoServicesClassLoader(ClassLoader parent) {
    super("no-exporter-services", parent);
  }

  @Override
  public URL getResource(String name) {
    return PluginJarBuilder.SERVICES_FILE.equals(name) ? null : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return PluginJarBuilder.SERVICES_FILE.equals(name)
        ? Collections.emptyEnumeration()
        : super.getResources(name);
  }
}
