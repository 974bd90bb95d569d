package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.testing.TestKeyValueExporter;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.internal.config.EntrySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderConfigDirTest {

  private static final ExporterCatalog CATALOG =
      ExporterCatalog.of(TestBucketsExporter.class, TestKeyValueExporter.class);

  private static final ConfigLoader LOADER =
      ConfigLoader.builder().catalog(CATALOG).environment(Map.of("BUCKET", "logs")).build();

  @TempDir Path directory;

  private Path write(String name, String content) throws IOException {
    Path file = directory.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private List<String> problemsOf(ConfigLoader loader, Path file) {
    try {
      loader.load(file);
    } catch (ConfigException e) {
      return e.problems().stream()
          .map(ConfigProblem::toString)
          .map(line -> line.replace(directory + "/", ""))
          .toList();
    }
    throw new AssertionError("expected problems in " + file);
  }

  private static String keyValue(String name) {
    return "exporters:\n  - type: key_value\n    name: " + name + "\n";
  }

  @Test
  void entriesOfEveryFileFollowTheMainFileInNameOrder() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\n" + keyValue("main").substring(0));
    write("conf.d/b.yml", keyValue("b"));
    write("conf.d/a.yaml", keyValue("a"));
    write("conf.d/c.json", "{\"exporters\": [{\"type\": \"key_value\", \"name\": \"c\"}]}");
    write("conf.d/notes.txt", "not read");
    write("conf.d/sub/d.yml", keyValue("d"));

    MonitorConfig config = LOADER.load(main);

    assertThat(config.exporters()).extracting(ExporterEntry::name).containsExactly("main", "a", "b", "c");
    assertThat(EntrySource.of(config.exporters().get(2)).location())
        .isEqualTo(new ConfigLocation(directory.resolve("conf.d/b.yml").toString(), 2, 5));
    assertThat(config.app().configDir()).isEqualTo(directory.resolve("conf.d"));
  }

  @Test
  void problemsOfEveryFileComeTogetherEachNamingItsFile() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\n  threads: 0\n");
    write(
        "conf.d/s3.yml",
        """
        exporters:
          - type: s3_size
            config:
              bucket_names: []
              bucket_names: [x]
        """);
    write(
        "conf.d/t.yml",
        """
        exporters:
          - type: key_valu
          - type: key_value
            config:
              config_key_one: ${MISSING}
        """);

    assertThat(problemsOf(LOADER, main))
        .containsExactly(
            "monitor.yml:3:12: app.threads: expecting value > 0. Found: 0",
            "conf.d/s3.yml:5:7: exporters[0].config.bucket_names: duplicate key; first written at"
                + " line 4",
            "conf.d/t.yml:2:11: exporters[0].type: unknown exporter type; known types: key_value,"
                + " s3_size. Did you mean 'key_value'? Found: \"key_valu\"",
            "conf.d/t.yml:5:23: exporters[1].config.config_key_one: environment variable MISSING"
                + " is not set. Found: \"${MISSING}\"");
  }

  @Test
  void constraintInAFileIsReportedAtItsKey() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\n");
    write("conf.d/s3.yml", "exporters:\n  - type: s3_size\n    config:\n      bucket_names: []\n");

    assertThat(problemsOf(LOADER, main))
        .containsExactly(
            "conf.d/s3.yml:4:21: exporters[0].config.bucket_names: must not be empty. Found: []");
  }

  @Test
  void aFileHoldsOnlyExporters() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\n");
    write("conf.d/a.yml", "app:\n  threads: 2\nexporters: []\n");
    write("conf.d/b.yml", "");
    write("conf.d/c.yml", "- type: key_value\n");

    assertThat(problemsOf(LOADER, main))
        .containsExactly(
            "conf.d/a.yml:1:1: app: unknown key; expecting one of: exporters. Found: {threads: 2}",
            "conf.d/b.yml: expecting a mapping with an exporters list, as in the main config file",
            "conf.d/c.yml:1:1: expecting a mapping with an exporters list, as in the main config"
                + " file");
  }

  @Test
  void sameTypeAndNameInTwoFilesNamesBoth() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\n" + keyValue("x"));
    write("conf.d/a.yml", keyValue("x"));

    assertThat(problemsOf(LOADER, main))
        .containsExactly(
            "conf.d/a.yml:2:5: exporters[0]: another enabled entry, in monitor.yml:4:5, has the"
                + " same type and name 'key_value.x'; give each a distinct name");
  }

  @Test
  void missingDirectoryIsReportedAtItsKey() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: nope\n");

    assertThat(problemsOf(LOADER, main))
        .containsExactly(
            "monitor.yml:2:15: app.config_dir: the config directory nope does not exist. Found:"
                + " \"nope\"");
  }

  @Test
  void builderDirectoryReplacesTheKey() throws IOException {
    Path main = write("monitor.yml", "app:\n  config_dir: nope\n");
    write("other/a.yml", keyValue("a"));

    MonitorConfig config =
        ConfigLoader.builder()
            .catalog(CATALOG)
            .configDir(directory.resolve("other"))
            .build()
            .load(main);

    assertThat(config.exporters()).extracting(ExporterEntry::name).containsExactly("a");
  }

  @Test
  void missingBuilderDirectoryIsReportedByItsPath() throws IOException {
    Path main = write("monitor.yml", "exporters: []\n");
    ConfigLoader loader =
        ConfigLoader.builder().catalog(CATALOG).configDir(directory.resolve("absent")).build();

    assertThat(problemsOf(loader, main))
        .containsExactly("absent: the config directory absent does not exist");
  }
}
