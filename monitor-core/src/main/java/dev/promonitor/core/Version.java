package dev.promonitor.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of promonitor, as built into monitor-core, with the commit it was built from (as
 * Prometheus's own build info).
 */
public final class Version {

  private static final Properties BUILD = load();

  private Version() {}

  /**
   * The version of this build.
   *
   * @return for example {@code 0.1.0}
   */
  public static String current() {
    return property("version");
  }

  /**
   * The commit this build was made from.
   *
   * @return the full commit hash, or {@code unknown} for a build outside a git checkout
   */
  public static String revision() {
    return property("revision");
  }

  /**
   * The branch this build was made from.
   *
   * @return the branch name, or {@code unknown} for a build outside a git checkout
   */
  public static String branch() {
    return property("branch");
  }

  /**
   * When the built commit was made; it stands for the build date so that builds stay
   * reproducible.
   *
   * @return an ISO-8601 UTC time such as {@code 2026-11-25T10:00:00Z}, or {@code unknown}
   */
  public static String buildDate() {
    return property("build_date");
  }

  private static String property(String name) {
    String value = BUILD.getProperty(name, "");
    // An unfiltered ${...} is what a build without git leaves.
    return value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("promonitor.properties")) {
      if (in != null) {
        properties.load(in);
      }
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
