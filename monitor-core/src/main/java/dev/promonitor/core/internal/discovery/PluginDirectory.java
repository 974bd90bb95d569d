package dev.promonitor.core.internal.discovery;

import dev.promonitor.core.DiscoveryException;
import dev.promonitor.core.DiscoveryProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the layout of an exporters dir: the jars directly in it form one plugin, and each
 * immediate sub-directory holding jars forms another, so that plugins with clashing dependencies
 * can be kept apart.
 */
public final class PluginDirectory {

  private PluginDirectory() {}

  /**
   * One plugin: jars that share a class loader.
   *
   * @param name {@code .} for the jars directly in the exporters dir, else the sub-directory's name
   * @param jars the jars, sorted by file name
   */
  public record Plugin(String name, List<Path> jars) {

    /** Copies the list. */
    public Plugin {
      jars = List.copyOf(jars);
    }
  }

  /**
   * Lists the plugins of an exporters dir, in a stable order: the top-level jars first, then the
   * sub-directories sorted by name. Directories without jars are left out.
   *
   * @param exportersDir an absolute, normalized path
   * @return the plugins; empty when the dir holds no jars
   * @throws DiscoveryException when the dir does not exist, is not a directory or cannot be read,
   *     or naming every jar in it that cannot be opened as a jar
   */
  public static List<Plugin> scan(Path exportersDir) {
    if (!Files.exists(exportersDir)) {
      throw problem("exporters dir does not exist: " + exportersDir, null);
    }
    if (!Files.isDirectory(exportersDir)) {
      throw problem("exporters dir is not a directory: " + exportersDir, null);
    }
    List<Plugin> plugins = new ArrayList<>();
    List<DiscoveryProblem> unreadable = new ArrayList<>();
    List<Path> topLevelJars = jarsIn(exportersDir, unreadable);
    if (!topLevelJars.isEmpty()) {
      plugins.add(new Plugin(".", topLevelJars));
    }
    for (Path subDirectory : sortedEntries(exportersDir)) {
      if (Files.isDirectory(subDirectory)) {
        List<Path> jars = jarsIn(subDirectory, unreadable);
        if (!jars.isEmpty()) {
          plugins.add(new Plugin(subDirectory.getFileName().toString(), jars));
        }
      }
    }
    if (!unreadable.isEmpty()) {
      throw new DiscoveryException(unreadable);
    }
    return List.copyOf(plugins);
  }

  /** The jars of a directory; each one that is no readable zip file adds a problem instead. */
  private static List<Path> jarsIn(Path directory, List<DiscoveryProblem> unreadable) {
    List<Path> jars = new ArrayList<>();
    for (Path path : sortedEntries(directory)) {
      if (path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path)) {
        String problem = problemOpening(path);
        if (problem == null) {
          jars.add(path);
        } else {
          unreadable.add(
              new DiscoveryProblem(
                  DiscoveryProblem.Kind.EXPORTERS_DIR, null, path.toString(), problem));
        }
      }
    }
    return jars;
  }

  /**
   * Opens a jar the way its class loader will: a class loader skips a jar it cannot open without a
   * word, so that the exporters in it would just be missing.
   */
  private static @Nullable String problemOpening(Path jar) {
    if (!Files.isReadable(jar)) {
      return "cannot read plugin jar " + jar + ": permission denied; make it readable by this user";
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      file.getManifest();
      return null;
    } catch (ZipException e) {
      return "plugin jar " + jar + " is corrupt or not a jar (" + e.getMessage()
          + "); copy it again or remove it from the exporters dir";
    } catch (IOException | SecurityException e) {
      return "cannot read plugin jar " + jar + ": " + e + "; fix it or remove it from the exporters dir";
    }
  }

  private static List<Path> sortedEntries(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw problem("cannot read exporters dir " + directory + ": " + e, e);
    }
  }

  private static DiscoveryException problem(String message, @Nullable Throwable cause) {
    return new DiscoveryException(
        new DiscoveryProblem(DiscoveryProblem.Kind.EXPORTERS_DIR, null, null, message), cause);
  }
}
