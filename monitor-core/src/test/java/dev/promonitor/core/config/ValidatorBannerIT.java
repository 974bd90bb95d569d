package dev.promonitor.core.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.ExporterCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In an application whose logging JBoss Logging does not know, Hibernate Validator would log
 * through {@code java.util.logging}: its start-up banner must not reach the application's
 * standard error. Runs in a JVM of its own, where the validator starts for the first time.
 */
class ValidatorBannerIT {

  @TempDir Path dir;

  /** The application: loads a config whose entry has constraints, then prints a marker. */
  public static final class Application {
    private Application() {}

    /**
     * Loads the config file given as the only argument.
     *
     * @param args the config file
     * @throws Exception when it cannot be loaded
     */
    public static void main(String[] args) throws Exception {
      ConfigLoader.create(ExporterCatalog.of(TestBucketsExporter.class)).load(Path.of(args[0]));
      System.err.println("loaded");
    }
  }

  @Test
  void validatorBannerStaysOffStandardErrorWithJavaUtilLogging() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("monitor.yml"),
            "exporters:\n  - type: s3_size\n    config:\n      bucket_names: [logs]\n");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.jboss.logging.provider=jdk",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Application.class.getName(),
                    config.toString()))
            .redirectError(stderr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String errors = Files.readString(stderr, UTF_8);
    assertThat(process.exitValue()).as(errors).isZero();
    assertThat(errors).contains("loaded").doesNotContain("HV000001", "Hibernate Validator");
  }
}
