package dev.promonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.testing.TestKeyValueExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the config readers refuse before it can hurt: files that are not regular files (a FIFO
 * would block the read, a device would never end), more than the size limit whatever the file
 * system says, and durations past their maximum.
 */
class ConfigLoaderFilesTest {

  private static final ExporterCatalog CATALOG =
      ExporterCatalog.of(TestKeyValueExporter.class, TestBucketsExporter.class);

  private static final ConfigLoader LOADER =
      ConfigLoader.builder().catalog(CATALOG).environment(Map.of()).build();

  @TempDir Path directory;

  private Path write(String name, String content) throws IOException {
    Path file = directory.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  /** A named pipe, made by mkfifo(1); nothing ever writes to it, so opening it would block. */
  private Path fifo(String name) throws IOException, InterruptedException {
    Path file = directory.resolve(name);
    Files.createDirectories(file.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    assumeThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
        .as("mkfifo is available")
        .isTrue();
    return file;
  }

  private static List<String> problemsOf(ThrowingLoad load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected problems");
  }

  private interface ThrowingLoad {
    void run() throws ConfigException;
  }

  @Test
  @Timeout(60)
  void aFifoAsConfigFileIsRefusedWithoutBeingOpened() throws Exception {
    Path fifo = fifo("monitor.yml");

    assertThat(problemsOf(() -> LOADER.load(fifo)))
        .containsExactly(
            fifo + ": the config file is not a regular file (a FIFO, a device or a socket is"
                + " refused unread)");
  }

  @Test
  void aDeviceBehindALinkIsRefusedRatherThanReadToTheEnd() throws IOException {
    Path zero = Files.createSymbolicLink(directory.resolve("zero.yml"), Path.of("/dev/zero"));

    assertThat(problemsOf(() -> LOADER.load(zero)))
        .containsExactly(
            zero + ": the config file is not a regular file (a FIFO, a device or a socket is"
                + " refused unread)");
  }

  @Test
  void aLinkToARegularFileIsRead() throws IOException {
    Path target = write("real/monitor.yml", "exporters:\n  - type: key_value\n");
    Path link = Files.createSymbolicLink(directory.resolve("monitor.yml"), target);

    assertThat(LOADER.load(link).exporters()).hasSize(1);
  }

  @Test
  void aDirectoryAsConfigFileIsRefused() throws IOException {
    Path dir = Files.createDirectories(directory.resolve("monitor.yml"));

    assertThat(problemsOf(() -> LOADER.load(dir)))
        .containsExactly(dir + ": the config file is a directory, not a file");
  }

  @Test
  @Timeout(60)
  void aFifoInTheConfigDirIsReportedWithTheOtherProblemsAndNotOpened() throws Exception {
    Path main = write("monitor.yml", "app:\n  config_dir: conf.d\nexporters: []\n");
    write("conf.d/a.yml", "exporters:\n  - type: key_value\n    name: a\n");
    Path fifo = fifo("conf.d/b.yml");

    assertThat(problemsOf(() -> LOADER.load(main)))
        .containsExactly(
            directory.resolve("conf.d").resolve(fifo.getFileName()) + ": the config file is not a"
                + " regular file (a FIFO, a device or a socket is refused unread)");
  }

  @Test
  @Timeout(60)
  void aFifoAsWebConfigFileIsRefusedWithoutBeingOpened() throws Exception {
    Path fifo = fifo("web.yml");

    assertThat(problemsOf(() -> LOADER.loadWebConfig(fifo)))
        .containsExactly(
            fifo + ": the web config file is not a regular file (a FIFO, a device or a socket is"
                + " refused unread)");
  }

  @Test
  @Timeout(60)
  void aFifoAsSecretFileIsAProblemOfItsValue() throws Exception {
    fifo("secret.txt");
    Path main =
        write(
            "monitor.yml",
            "exporters:\n  - type: key_value\n    config:\n      config_key_one: ${file:secret.txt}\n");

    assertThat(problemsOf(() -> LOADER.load(main)))
        .containsExactly(
            main + ":4:23: exporters[0].config.config_key_one: secret file "
                + directory.resolve("secret.txt")
                + " is not a regular file (a FIFO, a device or a socket is refused unread)."
                + " Found: \"${file:secret.txt}\"");
  }

  @Test
  void moreCharactersThanTheParserTakesAreRefusedBeforeParsing() throws IOException {
    // Under the byte limit, over the parser's limit of code points: one long scalar, which the
    // parser would take seconds to scan.
    Path file = write("long.yml", "app:\n  prometheus_host: " + "a".repeat(3_200_000) + "\n");

    assertThat(problemsOf(() -> LOADER.load(file)))
        .containsExactly(file + ": the file has more than 3145728 characters");
  }

  @Test
  void durationPastItsMaximumIsAProblemWithItsLine() {
    assertThat(
            problemsOf(
                () ->
                    LOADER.parse(
                        """
                        app:
                          export_interval_seconds: 1e10
                          shutdown_grace_seconds: 31536001
                        exporters:
                          - type: key_value
                            timeout_seconds: 1e300
                            initial_delay_seconds: 40000000
                        """,
                        "monitor.yml")))
        .containsExactly(
            "monitor.yml:2:28: app.export_interval_seconds: expecting value <= 31536000 (365 days)."
                + " Found: 1e10",
            "monitor.yml:3:27: app.shutdown_grace_seconds: expecting value <= 31536000 (365 days)."
                + " Found: 31536001",
            "monitor.yml:6:22: exporters[0].timeout_seconds: expecting value <= 31536000 (365 days)."
                + " Found: 1e300",
            "monitor.yml:7:28: exporters[0].initial_delay_seconds: expecting value <= 31536000"
                + " (365 days). Found: 40000000");
  }

  @Test
  void theMaximumItselfIsAccepted() {
    MonitorConfig config =
        LOADER.parse(
            "app:\n  export_interval_seconds: 31536000\nexporters:\n  - type: key_value\n",
            "monitor.yml");

    assertThat(config.exporters().get(0).schedule().interval()).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void negativeAndZeroDurationsKeepTheirMessages() {
    assertThat(
            problemsOf(
                () ->
                    LOADER.parse(
                        "app:\n  timeout_seconds: 0\n  jitter_seconds: -1\n", "monitor.yml")))
        .containsExactly(
            "monitor.yml:2:20: app.timeout_seconds: expecting value > 0. Found: 0",
            "monitor.yml:3:19: app.jitter_seconds: expecting value >= 0. Found: -1");
  }

  @Test
  void aScheduleBuiltInCodeHasTheSameMaximum() {
    assertThatThrownBy(() -> ExporterSchedule.every(Duration.ofDays(366)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval: Expecting value <= 31536000 (365 days). Found: PT8784H");
    assertThatThrownBy(() -> AppSettings.builder().shutdownGrace(Duration.ofDays(400)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shutdownGrace: Expecting value <= 31536000 (365 days). Found: PT9600H");
  }
}
