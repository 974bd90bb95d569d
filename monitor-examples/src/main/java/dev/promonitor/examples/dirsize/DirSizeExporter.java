package dev.promonitor.examples.dirsize;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Measures directories: the total size and the number of regular files under each configured
 * path, walked on every export. It needs nothing but the JDK, which makes it the demo exporter.
 *
 * <pre>{@code
 * exporters:
 *   - type: dir_size
 *     name: logs
 *     config:
 *       paths: [/var/log, /var/lib/app/data]
 *       metric_prefix: directory   # the default
 *       follow_links: false        # the default
 *       max_depth: 3               # default: unlimited
 * }</pre>
 *
 * <p>gives, for each path (label {@code path}, as written in the config):
 *
 * <ul>
 *   <li>{@code directory_size_bytes}: the total size of the regular files under the directory;
 *   <li>{@code directory_files}: the number of those files;
 *   <li>{@code directory_scrape_error}: 1 when the last walk of that path failed, else 0.
 * </ul>
 *
 * <p>Regular files are counted at any depth down to {@code max_depth}; links are followed only
 * with {@code follow_links: true}, except the configured path itself, which may be a link. A file
 * that vanishes or cannot be read during the walk is skipped (logged at DEBUG) and the
 * rest is counted. A path that is missing, not a directory or unreadable gets
 * {@code _scrape_error} 1 and no size or file count, is logged once at WARN until it recovers, and
 * does not stop the other paths from being measured. When every path fails, the export fails.
 */
@ExporterType("dir_size")
public final class DirSizeExporter extends BaseExporter<DirSizeConfig> {

  private @Nullable Gauge sizeBytes;
  private @Nullable Gauge files;
  private @Nullable Gauge scrapeError;

  /** Paths whose last walk failed, so that a lasting failure is logged at WARN once. */
  private final Set<String> failing = new HashSet<>();

  /** Created by the framework, which injects the config. */
  public DirSizeExporter() {
    super();
  }

  @Override
  protected void init() {
    String prefix = config().metricPrefix();
    sizeBytes =
        Gauge.build(prefix + "_size_bytes", "Total size of the regular files under a directory.")
            .labelNames("path")
            .register(registry());
    files =
        Gauge.build(prefix + "_files", "Number of regular files under a directory.")
            .labelNames("path")
            .register(registry());
    scrapeError =
        Gauge.build(prefix + "_scrape_error", "1 when the last walk of a directory failed, else 0.")
            .labelNames("path")
            .register(registry());
  }

  /**
   * Walks every configured path and updates its metrics.
   *
   * @throws IOException when not a single path could be measured, naming each with its reason
   */
  @Override
  public void exportMetrics() throws IOException {
    if (sizeBytes == null || files == null || scrapeError == null) {
      throw new IllegalStateException("init() has not run");
    }
    List<String> failures = new ArrayList<>();
    for (String path : config().paths()) {
      try {
        Totals totals = walk(Path.of(path));
        sizeBytes.labels(path).set(totals.bytes);
        files.labels(path).set(totals.files);
        scrapeError.labels(path).set(0);
        if (failing.remove(path)) {
          logger().info("Directory {} can be measured again", path);
        }
      } catch (IOException | RuntimeException e) {
        String reason = reasonOf(e);
        failures.add(path + " (" + reason + ")");
        // No size rather than a stale one.
        sizeBytes.remove(path);
        files.remove(path);
        scrapeError.labels(path).set(1);
        if (failing.add(path)) {
          logger().warn("Cannot measure directory {}: {}", path, reason);
        } else {
          logger().debug("Still cannot measure directory {}: {}", path, reason);
        }
      }
    }
    if (!failures.isEmpty() && failures.size() == config().paths().size()) {
      throw new IOException("cannot measure any directory: " + String.join(", ", failures));
    }
  }

  private Totals walk(Path configured) throws IOException {
    boolean followLinks = config().followLinks();
    // The configured path itself may be a link (such as /var/log -> /data/log): always follow it.
    Path root = followLinks ? configured : configured.toRealPath();
    if (!Files.isDirectory(root)) {
      throw Files.exists(root)
          ? new NotDirectoryException(configured.toString())
          : new NoSuchFileException(configured.toString());
    }
    Set<FileVisitOption> options =
        followLinks
            ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
    Totals totals = new Totals();
    Files.walkFileTree(
        root,
        options,
        config().maxDepth(),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
              totals.bytes += attributes.size();
              totals.files++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(root)) {
              throw e;
            }
            logger().debug("Skipping {} under {}: {}", file, root, reasonOf(e));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              if (directory.equals(root)) {
                throw e;
              }
              logger().debug("Stopped listing {} under {}: {}", directory, root, reasonOf(e));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return totals;
  }

  private static String reasonOf(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof NotDirectoryException) {
      return "is not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.toString();
  }

  /** Releases nothing: the walk holds no resources between exports. */
  @Override
  public void close() {
    // nothing to release
  }

  /** What one walk counted. */
  private static final class Totals {
    long bytes;
    long files;
  }
}
