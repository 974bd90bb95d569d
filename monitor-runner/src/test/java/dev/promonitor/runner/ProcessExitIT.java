package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit status and the stop of the runner's process, with exporters that misbehave on
 * purpose: they call {@code System.exit}, interrupt the main thread, exhaust the heap, or never
 * return from {@code init()} or {@code close()}.
 */
class ProcessExitIT {

  /**
   * Far beyond {@code shutdown_grace_seconds} (1 s here) + 2 s and a JVM start on a busy machine,
   * far below "never": a stop that waited for the hung exporter would not end at all.
   */
  private static final long STOP_WAIT_SECONDS = 120;

  private static final String CONFIG_SOURCE =
      """
      package it.misbehaving;

      public record Knobs(Integer code) {}
      """;

  private static final String EXIT_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_exit")
      public final class ExitExporter extends BaseExporter<Knobs> {
        @Override
        public void exportMetrics() {
          System.exit(config().code());
        }
      }
      """;

  private static final String INTERRUPT_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_interrupt_main")
      public final class InterruptMainExporter extends BaseExporter<Void> {
        @Override
        public void exportMetrics() {
          for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("main")) {
              thread.interrupt();
              logger().info("interrupted the main thread");
            }
          }
        }
      }
      """;

  private static final String HOG_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;
      import java.util.ArrayList;
      import java.util.List;

      @ExporterType("it_heap_hog")
      public final class HeapHogExporter extends BaseExporter<Void> {
        private final List<long[]> kept = new ArrayList<>();

        @Override
        public void exportMetrics() {
          while (true) {
            kept.add(new long[1 << 20]);
          }
        }
      }
      """;

  private static final String OOM_CONSTRUCTOR_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_oom_constructor")
      public final class OomConstructorExporter extends BaseExporter<Void> {
        private final long[] huge;

        public OomConstructorExporter() {
          // More than any heap of this test: out of memory on the main thread's start.
          huge = new long[Integer.MAX_VALUE - 16];
        }

        @Override
        public void exportMetrics() {
          logger().info("{}", huge.length);
        }
      }
      """;

  private static final String HUNG_INIT_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_hung_init")
      public final class HungInitExporter extends BaseExporter<Void> {
        @Override
        protected void init() {
          logger().info("init hangs now");
          Hang.forever();
        }

        @Override
        public void exportMetrics() {}
      }
      """;

  private static final String HUNG_CLOSE_SOURCE =
      """
      package it.misbehaving;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;

      @ExporterType("it_hung_close")
      public final class HungCloseExporter extends BaseExporter<Void> {
        @Override
        public void exportMetrics() {
          logger().info("exported");
        }

        @Override
        public void close() {
          logger().info("close hangs now");
          Hang.forever();
        }
      }
      """;

  private static final String HANG_SOURCE =
      """
      package it.misbehaving;

      final class Hang {
        /** Never returns, and ignores interrupts, as a call blocked in native code would. */
        static void forever() {
          Object lock = new Object();
          while (true) {
            synchronized (lock) {
              try {
                lock.wait();
              } catch (InterruptedException ignored) {
                // and on
              }
            }
          }
        }
      }
      """;

  @TempDir Path work;

  private Path exportersDir;
  private final ExternalProcesses processes = new ExternalProcesses();

  @BeforeEach
  void buildPlugin() throws IOException {
    exportersDir = Files.createDirectories(work.resolve("exporters"));
    PluginJarBuilder.jar(exportersDir.resolve("misbehaving.jar"))
        .source("it.misbehaving.Knobs", CONFIG_SOURCE)
        .source("it.misbehaving.Hang", HANG_SOURCE)
        .source("it.misbehaving.ExitExporter", EXIT_SOURCE)
        .source("it.misbehaving.InterruptMainExporter", INTERRUPT_SOURCE)
        .source("it.misbehaving.HeapHogExporter", HOG_SOURCE)
        .source("it.misbehaving.HungInitExporter", HUNG_INIT_SOURCE)
        .source("it.misbehaving.HungCloseExporter", HUNG_CLOSE_SOURCE)
        .source("it.misbehaving.OomConstructorExporter", OOM_CONSTRUCTOR_SOURCE)
        .service("it.misbehaving.ExitExporter")
        .service("it.misbehaving.InterruptMainExporter")
        .service("it.misbehaving.HeapHogExporter")
        .service("it.misbehaving.HungInitExporter")
        .service("it.misbehaving.HungCloseExporter")
        .service("it.misbehaving.OomConstructorExporter")
        .build();
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private ExternalProcesses.Started start(String exporters, String... jvmOptions)
      throws IOException {
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            app:
              execution_mode: async
              export_interval_seconds: 0.2
              prometheus_host: 127.0.0.1
              prometheus_port: 0
              shutdown_grace_seconds: 1
            exporters:
            """
                + exporters);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-jar");
    command.add(System.getProperty("promonitor.runner.jar"));
    command.addAll(
        List.of("--config-file", config.toString(), "--exporters-dir", exportersDir.toString()));
    return processes.start(work, command);
  }

  private static int awaitExit(ExternalProcesses.Started runner) throws InterruptedException {
    assertThat(runner.process().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS))
        .as("the process has ended")
        .isTrue();
    return runner.process().exitValue();
  }

  @Test
  void systemExitFromAnExporterEndsTheProcessWithItsStatus() throws Exception {
    ExternalProcesses.Started runner =
        start("  - type: it_exit\n    config:\n      code: 7\n");

    assertThat(awaitExit(runner)).isEqualTo(7);
  }

  @Test
  void anInterruptOfTheMainThreadIsNotAStop() throws Exception {
    ExternalProcesses.Started runner = start("  - type: it_interrupt_main\n");
    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));

    runner.awaitLine(Pattern.compile("The main thread was interrupted; that is not a stop"));
    // Later runs interrupt it again; the runner goes on serving.
    runner.awaitLine(Pattern.compile("interrupted the main thread"));
    processes.awaitHttp(
        "http://127.0.0.1:" + port + "/-/healthy", response -> response.statusCode() == 200);
    assertThat(runner.process().isAlive()).isTrue();

    runner.process().toHandle().destroy();
    assertThat(awaitExit(runner)).as("status after SIGTERM").isZero();
  }

  @Test
  void outOfMemoryIsLoggedAndEndsTheProcessWithStatus3() throws Exception {
    ExternalProcesses.Started runner = start("  - type: it_heap_hog\n", "-Xmx64m");

    assertThat(awaitExit(runner)).isEqualTo(3);
    assertThat(runner.output())
        .contains("Out of memory: exiting with status 3")
        .contains("java.lang.OutOfMemoryError");
  }

  @Test
  void outOfMemoryWhileTheMainThreadStartsEndsTheProcessWithStatus3Too() throws Exception {
    // The error escapes main, whose end would exit with 1: the out-of-memory status wins.
    ExternalProcesses.Started runner = start("  - type: it_oom_constructor\n", "-Xmx64m");

    assertThat(awaitExit(runner)).isEqualTo(3);
    assertThat(runner.output())
        .contains("Out of memory: exiting with status 3")
        .contains("java.lang.OutOfMemoryError");
  }

  @Test
  void sigtermDuringAnInitThatNeverReturnsIsACleanStop() throws Exception {
    ExternalProcesses.Started runner = start("  - type: it_hung_init\n");
    runner.awaitLine(Pattern.compile("init hangs now"));

    runner.process().toHandle().destroy();

    assertThat(awaitExit(runner)).as("status after SIGTERM").isZero();
  }

  @Test
  void sigtermWithACloseThatNeverReturnsIsACleanStop() throws Exception {
    ExternalProcesses.Started runner = start("  - type: it_hung_close\n");
    runner.awaitLine(ExternalProcesses.SERVING);
    runner.awaitLine(Pattern.compile("exported"));

    runner.process().toHandle().destroy();

    assertThat(awaitExit(runner)).as("status after SIGTERM").isZero();
    assertThat(runner.output()).contains("close hangs now");
  }

  @Test
  void sigintIsACleanStopToo() throws Exception {
    ExternalProcesses.Started runner = start("  - type: it_hung_close\n");
    runner.awaitLine(ExternalProcesses.SERVING);

    new ProcessBuilder("kill", "-INT", Long.toString(runner.process().pid()))
        .inheritIO()
        .start()
        .waitFor();

    assertThat(awaitExit(runner)).as("status after SIGINT").isZero();
  }

  @Test
  void configFilesThatAreNotRegularFilesAndOverlongDurationsExitWith2WithoutBlocking()
      throws Exception {
    Path fifo = work.resolve("fifo.yml");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    Path zero = Files.createSymbolicLink(work.resolve("zero.yml"), Path.of("/dev/zero"));
    Path overlong =
        Files.writeString(
            work.resolve("overlong.yml"),
            "app:\n  export_interval_seconds: 1e10\nexporters: []\n");

    ExternalProcesses.Finished fromFifo =
        processes.run(work, ExternalProcesses.runnerCommand("--config-file", fifo.toString()));
    ExternalProcesses.Finished fromDevice =
        processes.run(
            work, ExternalProcesses.runnerCommand("--config-file", zero.toString(), "--dry-run"));
    ExternalProcesses.Finished fromOverlong =
        processes.run(
            work,
            ExternalProcesses.runnerCommand("--config-file", overlong.toString(), "--dry-run"));

    assertThat(fromFifo.exitCode()).isEqualTo(2);
    assertThat(fromFifo.stderr())
        .contains(fifo + ": the config file is not a regular file (a FIFO, a device or a socket is"
            + " refused unread)");
    assertThat(fromDevice.exitCode()).isEqualTo(2);
    assertThat(fromDevice.stderr()).contains(zero + ": the config file is not a regular file");
    assertThat(fromOverlong.exitCode()).isEqualTo(2);
    assertThat(fromOverlong.stderr())
        .contains(
            overlong + ":2:28: app.export_interval_seconds: expecting value <= 31536000 (365 days)."
                + " Found: 1e10");
  }
}
