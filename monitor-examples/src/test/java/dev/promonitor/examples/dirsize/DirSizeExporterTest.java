package dev.promonitor.examples.dirsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.examples.testing.RecordingLogger;
import dev.promonitor.testing.ExporterTester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

@SuppressWarnings("try")
class DirSizeExporterTest {

  @TempDir Path dir;

  private final List<ExporterTester.Running<DirSizeExporter>> started = new ArrayList<>();
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

  @AfterEach
  void closeExporters() throws Exception {
    for (ExporterTester.Running<DirSizeExporter> exporter : started) {
      exporter.close();
    }
  }

  /** The exporter after its init, named {@code test}, logging to {@link #logger}. */
  private ExporterTester.Running<DirSizeExporter> exporter(DirSizeConfig config) throws Exception {
    return exporter("test", config);
  }

  private ExporterTester.Running<DirSizeExporter> exporter(String name, DirSizeConfig config)
      throws Exception {
    ExporterTester.Running<DirSizeExporter> exporter =
        ExporterTester.of(DirSizeExporter.class).name(name).config(config).logger(logger).start();
    started.add(exporter);
    return exporter;
  }

  private static DirSizeConfig paths(Path... paths) {
    return new DirSizeConfig(Arrays.stream(paths).map(Path::toString).toList(), null, null, null);
  }

  /** The sample of the exporter started last, {@code null} when it has none. */
  private Double sample(String name, Path path) {
    return sample(started.get(started.size() - 1), name, path);
  }

  private static Double sample(
      ExporterTester.Running<DirSizeExporter> exporter, String name, Path path) {
    var value = exporter.samples().value(name, "path", path.toString());
    return value.isPresent() ? value.getAsDouble() : null;
  }

  @Test
  void measuresTheSizeAndFileCountOfANestedTree() throws Exception {
    var exporter = exporter(paths(tree));

    exporter.export();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);
    assertThat(sample("directory_files", tree)).isEqualTo(5.0);
    assertThat(sample("directory_scrape_error", tree)).isEqualTo(0.0);
  }

  @Test
  void eachExportWalksAgain() throws Exception {
    var exporter = exporter(paths(tree));
    exporter.export();

    Files.write(tree.resolve("sub/new.bin"), new byte[5]);
    Files.delete(tree.resolve("a.txt"));
    exporter.export();

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
    var exporter = exporter(new DirSizeConfig(List.of(tree.toString()), "app_data", null, null));

    exporter.export();

    assertThat(sample("app_data_size_bytes", tree)).isEqualTo(1110.0);
    assertThat(sample("app_data_files", tree)).isEqualTo(5.0);
    assertThat(sample("app_data_scrape_error", tree)).isEqualTo(0.0);
  }

  @Test
  void maxDepthOneCountsOnlyTheFilesDirectlyInThePath() throws Exception {
    var exporter = exporter(new DirSizeConfig(List.of(tree.toString()), null, null, 1));

    exporter.export();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(10.0);
    assertThat(sample("directory_files", tree)).isEqualTo(2.0);
  }

  @Test
  void maxDepthTwoCountsOneLevelOfSubDirectories() throws Exception {
    var exporter = exporter(new DirSizeConfig(List.of(tree.toString()), null, null, 2));

    exporter.export();

    assertThat(sample("directory_size_bytes", tree)).isEqualTo(110.0);
    assertThat(sample("directory_files", tree)).isEqualTo(3.0);
  }

  @Test
  void missingPathIsFlaggedAndTheOtherPathIsStillMeasured() throws Exception {
    Path missing = dir.resolve("missing");
    var exporter = exporter(paths(missing, tree));

    exporter.export();

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
    var exporter = exporter(paths(late, tree));
    exporter.export();
    exporter.export();

    Files.createDirectories(late);
    Files.write(late.resolve("x"), new byte[7]);
    exporter.export();

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
    var exporter = exporter(paths(tree, dir));
    exporter.export();
    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);

    try (var files = Files.walk(tree)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    exporter.export();

    assertThat(sample("directory_size_bytes", tree)).isNull();
    assertThat(sample("directory_scrape_error", tree)).isEqualTo(1.0);
  }

  @Test
  void everyPathFailingFailsTheExportNamingThem() throws Exception {
    Path missing = dir.resolve("missing");
    Path file = tree.resolve("a.txt");
    var exporter = exporter(paths(missing, file));

    assertThatThrownBy(exporter::export)
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

    var notFollowing = exporter(paths(tree));
    notFollowing.export();
    assertThat(sample("directory_size_bytes", tree)).isEqualTo(1110.0);

    var following =
        exporter("following", new DirSizeConfig(List.of(tree.toString()), null, true, null));
    following.export();
    assertThat(sample(following, "directory_size_bytes", tree)).isEqualTo(1160.0);
    assertThat(sample(notFollowing, "directory_size_bytes", tree)).isEqualTo(1110.0);
  }

  @Test
  void configuredPathMayItselfBeALink() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("tree-link"), tree);
    var exporter = exporter(paths(link));

    exporter.export();

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
