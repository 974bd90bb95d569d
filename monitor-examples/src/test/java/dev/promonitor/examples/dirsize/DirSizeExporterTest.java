package dev.promonitor.examples.dirsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.examples.testing.RecordingLogger;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class DirSizeExporterTest {

  @TempDir Path dir;

  private final CollectorRegistry registry = new CollectorRegistry();
  private final RecordingLogger logger = new RecordingLogger("exporters.dir_size.test");
  private Path tree;

  /**
   * tree/a.txt (10 B), tree/empty.txt (0 B), tree/sub/b.bin (100 B), tree/sub/deeper/c.bin
   * (1000 B), tree/sub/deeper/empty (0 B), tree/nothing/ (an empty directory).
   */
  @BeforeEach
  void createTree() throws IOException {
    tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.createDirectories(tree.resolve("nothing"));
    Files.write(tree.resolve("a.txt"), new byte[10]);
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    Files.write(tree.resolve("sub/b.bin"), new byte[100]);
    Files.write(tree.resolve("sub/deeper/c.bin"), new byte[1000]);
    Files.write(tree.resolve("sub/deeper/empty"), new byte[0]);
  }

  private DirSizeExporter exporter(DirSizeConfig config) throws Exception {
    ExporterContext context =
        new ExporterContext(
            DirSizeExporter.class, "dir_size", "test", "dir_size.test", config, logger, registry);
    DirSizeExporter exporter = ExporterInstantiation.instantiate(DirSizeExporter.class, context);
    exporter.init();
    return exporter;
  }

  private static DirSizeConfig paths(Path... paths) {
    return new DirSizeConfig(Arrays.stream(paths).map(Path::toString).toList(), null, null, null);
  }

  private Double sample(String name, Path path) {
    return registry.getSampleValue(name, new String[] {"path"}, new String[] {path.toString()});
  }

  @Test
  void measuresTheSizeAndFileCountOfANestedTree() throws Exception {
    DirSizeExporter exporter = exporter(paths(tree));

    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);
    assertThat(sample("directory_files", tree)).isEqualTo(5.0);
    assertThat(sample("directory_scrape_error", tree)).isEqualTo(0.0);
  }

  @Test
  void eachExportWalksAgain() throws Exception {
    DirSizeExporter exporter = exporter(paths(tree));
    exporter.exportMetrics();

    Files.write(tree.resolve("sub/new.bin"), new byte[5]);
    Files.delete(tree.resolve("a.txt"));
    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1105.0);
    assertThat(sample("directory_files", tree)).isEqualTo(5.0);
  }

  @Test
  void leftOutKeysTakeTheirDefaults() {
    DirSizeConfig config = new DirSizeConfig(List.of("/data"), null, null, null);

    assertThat(config.metricPrefix()).isEqualTo("directory");
    assertThat(config.followLinks()).isFalse();
    assertThat(config.maxDepth()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void metricPrefixNamesTheMetrics() throws Exception {
    DirSizeExporter exporter = exporter(new DirSizeConfig(List.of(tree.toString()), "app_data", null, null));

    exporter.exportMetrics();

    assertThat(sample("app_data_size_bytes", tree)).isEqualTo(1110.0);
    assertThat(sample("app_data_files", tree)).isEqualTo(5.0);
    assertThat(sample("app_data_scrape_error", tree)).isEqualTo(0.0);
  }

  @Test
  void maxDepthOneCountsOnlyTheFilesDirectlyInThePath() throws Exception {
    DirSizeExporter exporter = exporter(new DirSizeConfig(List.of(tree.toString()), null, null, 1));

    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(10.0);
    assertThat(sample("directory_files", tree)).isEqualTo(2.0);
  }

  @Test
  void maxDepthTwoCountsOneLevelOfSubDirectories() throws Exception {
    DirSizeExporter exporter = exporter(new DirSizeConfig(List.of(tree.toString()), null, null, 2));

    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(110.0);
    assertThat(sample("directory_files", tree)).isEqualTo(3.0);
  }

  @Test
  void missingPathIsFlaggedAndTheOtherPathIsStillMeasured() throws Exception {
    Path missing = dir.resolve("missing");
    DirSizeExporter exporter = exporter(paths(missing, tree));

    exporter.exportMetrics();

    assertThat(sample("directory_scrape_error", missing)).isEqualTo(1.0);
    assertThat(sample("directory_size_bytes", missing)).isNull();
    assertThat(sample("directory_files", missing)).isNull();
    assertThat(sample("directory_scrape_error", tree)).isEqualTo(0.0);
    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);
    assertThat(logger.lines(Level.WARN))
        .containsExactly("WARN Cannot measure directory " + missing + ": does not exist");
  }

  @Test
  void lastingFailureIsLoggedAtWarnOnceAndRecoveryAtInfo() throws Exception {
    Path late = dir.resolve("late");
    DirSizeExporter exporter = exporter(paths(late, tree));
    exporter.exportMetrics();
    exporter.exportMetrics();

    Files.createDirectories(late);
    Files.write(late.resolve("x"), new byte[7]);
    exporter.exportMetrics();

    assertThat(logger.lines(Level.WARN)).hasSize(1);
    assertThat(logger.lines(Level.DEBUG))
        .contains("DEBUG Still cannot measure directory " + late + ": does not exist");
    assertThat(logger.lines(Level.INFO))
        .containsExactly("INFO Directory " + late + " can be measured again");
    assertThat(sample("directory_scrape_error", late)).isEqualTo(0.0);
    assertThat(sample("directory_size_bytes", late)).isEqualTo(7.0);
  }

  @Test
  void failedPathLosesItsStaleSize() throws Exception {
    DirSizeExporter exporter = exporter(paths(tree, dir));
    exporter.exportMetrics();
    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);

    try (var files = Files.walk(tree)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", tree)).isNull();
    assertThat(sample("directory_scrape_error", tree)).isEqualTo(1.0);
  }

  @Test
  void everyPathFailingFailsTheExportNamingThem() throws Exception {
    Path missing = dir.resolve("missing");
    Path file = tree.resolve("a.txt");
    DirSizeExporter exporter = exporter(paths(missing, file));

    assertThatThrownBy(exporter::exportMetrics)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot measure any directory: "
                + missing
                + " (does not exist), "
                + file
                + " (is not a directory)");
    assertThat(sample("directory_scrape_error", missing)).isEqualTo(1.0);
    assertThat(sample("directory_scrape_error", file)).isEqualTo(1.0);
  }

  @Test
  void linksAreFollowedOnlyWhenAsked() throws Exception {
    Path outside = Files.write(dir.resolve("outside.bin"), new byte[50]);
    Files.createSymbolicLink(tree.resolve("link.bin"), outside);

    DirSizeExporter notFollowing = exporter(paths(tree));
    notFollowing.exportMetrics();
    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);

    CollectorRegistry otherRegistry = new CollectorRegistry();
    ExporterContext context =
        new ExporterContext(
            DirSizeExporter.class,
            "dir_size",
            "following",
            "dir_size.following",
            new DirSizeConfig(List.of(tree.toString()), null, true, null),
            logger,
            otherRegistry);
    DirSizeExporter following = ExporterInstantiation.instantiate(DirSizeExporter.class, context);
    following.init();
    following.exportMetrics();
    assertThat(
            otherRegistry.getSampleValue(
                "directory_size_bytes", new String[] {"path"}, new String[] {tree.toString()}))
        .isEqualTo(1160.0);
  }

  @Test
  void configuredPathMayItselfBeALink() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("tree-link"), tree);
    DirSizeExporter exporter = exporter(paths(link));

    exporter.exportMetrics();

    assertThat(sample("directory_size_bytes", link)).isEqualTo(1110.0);
  }

  @Test
  void isDiscoveredFromItsServicesFile() {
    try (ExporterCatalog catalog = ExporterCatalog.discover(DirSizeExporterTest.class.getClassLoader())) {
      ExporterProvider provider = catalog.find("dir_size").orElseThrow();
      assertThat(provider.exporterClass()).isEqualTo(DirSizeExporter.class);
      assertThat(provider.configClass()).isEqualTo(DirSizeConfig.class);
    }
  }
}
