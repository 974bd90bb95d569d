package dev.promonitor.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of promonitor, as built into monitor-core. */
public final class Version {

  private static final String VERSION = load();

  private Version() {}

  /**
   * The version of this build.
   *
   * @return for example {@code 0.1.0}
   */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("promonitor.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
