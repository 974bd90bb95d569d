package dev.promonitor.runner.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build's last step of the distribution (a build tool, kept with the tests so that the
 * runner's jar holds none of it): makes the launcher executable, then starts {@code bin/promonitor} once with
 * {@code -XX:ArchiveClassesAtExit}, scrapes it, and stops it with SIGTERM, which leaves the
 * dynamic class-data archive {@code lib/promonitor.jsa} that the launcher then starts with.
 *
 * <p>Run by the build with the JDK that builds (it uses only the JDK, not the runner's
 * dependencies): {@code java -cp target/test-classes dev.promonitor.runner.training.ArchiveTraining <dist>
 * <timestamp>}. Since the JVM accepts an archive only beside the jars it was made from (their
 * sizes and modification times), the jars' times are first set to the build's output timestamp,
 * the one that the tar.gz records. A JVM that cannot make the archive leaves a distribution
 * without one, which starts as fast as {@code java -jar}: the training then reports why and exits
 * 0.
 */
public final class ArchiveTraining {

  /** The archive's name in {@code lib/}; the launcher uses it when it is there. */
  public static final String ARCHIVE = "promonitor.jsa";

  /**
   * The training exporter's class, by name: the training itself runs without the runner's
   * dependencies, so it must not load the class.
   */
  static final String EXPORTER_CLASS = "dev.promonitor.runner.training.TrainingExporter";

  private static final Pattern SERVING =
      Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final long BOUND_SECONDS = 120;

  private ArchiveTraining() {}

  /**
   * Trains the distribution at {@code args[0]}.
   *
   * @param args the distribution's directory, and the build's output timestamp (ISO-8601)
   * @throws Exception when the distribution is incomplete or the run cannot be started
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ArchiveTraining <distribution dir> <output timestamp>");
      System.exit(2);
      return;
    }
    Path dist = Path.of(args[0]).toAbsolutePath();
    Path lib = dist.resolve("lib");
    Path launcher = dist.resolve("bin").resolve("promonitor");
    if (!Files.isDirectory(lib) || !Files.isRegularFile(launcher)) {
      throw new IllegalStateException("not a distribution: " + dist);
    }
    launcher.toFile().setExecutable(true, false);
    FileTime time = FileTime.from(Instant.parse(args[1]));
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
      for (Path jar : jars) {
        Files.setLastModifiedTime(jar, time);
      }
    }
    Path archive = lib.resolve(ARCHIVE);
    Files.deleteIfExists(archive);
    Path work = dist.resolveSibling("cds-training");
    Path config = prepare(work, time);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                launcher.toString(),
                "--config-file",
                config.toString(),
                "--exporters-dir",
                work.resolve("exporters").toString())
            .directory(work.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("JAVA_HOME");
    env.put("JAVA", java);
    env.put("JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive);
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    List<String> output = new ArrayList<>();
    Thread reader = new Thread(() -> read(process.getInputStream(), output, port), "training-output");
    reader.setDaemon(true);
    reader.start();
    try {
      int metricsPort = port.get(BOUND_SECONDS, TimeUnit.SECONDS);
      scrape(metricsPort);
    } catch (Exception e) {
      process.destroyForcibly();
      process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
      Files.deleteIfExists(archive);
      System.out.println("[training] no class-data archive: the run failed (" + e + "); its output:");
      synchronized (output) {
        output.forEach(line -> System.out.println("[training]   " + line));
      }
      return;
    }
    process.destroy(); // SIGTERM: the runner stops cleanly and the JVM writes the archive
    if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reader.join(5_000);
    if (Files.isRegularFile(archive)) {
      System.out.println(
          "[training] wrote " + archive + " (" + (Files.size(archive) >> 10) + " KB)");
    } else {
      System.out.println("[training] this JVM wrote no class-data archive; its output:");
      synchronized (output) {
        output.forEach(line -> System.out.println("[training]   " + line));
      }
    }
  }

  /**
   * Writes the training config and a plugin jar of {@link TrainingExporter}'s classes, read from
   * the class folder of this class (a plugin's exporter must come from the plugin's own jar).
   */
  private static Path prepare(Path work, FileTime time) throws IOException, URISyntaxException {
    Path exporters = work.resolve("exporters");
    Files.createDirectories(exporters);
    Path classes =
        Path.of(ArchiveTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String packagePath = EXPORTER_CLASS.substring(0, EXPORTER_CLASS.lastIndexOf('.')).replace('.', '/');
    String simpleName = EXPORTER_CLASS.substring(EXPORTER_CLASS.lastIndexOf('.') + 1);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    // Every entry carries the build's timestamp, so that two builds make the same jar.
    try (OutputStream file = Files.newOutputStream(exporters.resolve("training.jar"));
        JarOutputStream jar = new JarOutputStream(file);
        DirectoryStream<Path> classFiles =
            Files.newDirectoryStream(classes.resolve(packagePath), simpleName + "*.class")) {
      jar.putNextEntry(entry("META-INF/MANIFEST.MF", time));
      manifest.write(jar);
      jar.closeEntry();
      List<Path> sorted = new ArrayList<>();
      classFiles.forEach(sorted::add);
      sorted.sort(null);
      for (Path classFile : sorted) {
        jar.putNextEntry(entry(packagePath + "/" + classFile.getFileName(), time));
        jar.write(Files.readAllBytes(classFile));
        jar.closeEntry();
      }
      jar.putNextEntry(entry("META-INF/services/dev.promonitor.api.BaseExporter", time));
      jar.write((EXPORTER_CLASS + "\n").getBytes(UTF_8));
      jar.closeEntry();
    }
    StringBuilder yaml =
        new StringBuilder(
            """
            app:
              execution_mode: async
              export_interval_seconds: 1
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            logging:
              level: INFO
              loggers:
                exporters: WARN
            exporters:
            """);
    for (int i = 0; i < 3; i++) {
      yaml.append("  - type: promonitor_training\n    name: t")
          .append(i)
          .append("\n    config:\n      label: l")
          .append(i)
          .append('\n');
    }
    return Files.writeString(work.resolve("training.yml"), yaml);
  }

  private static JarEntry entry(String name, FileTime time) {
    JarEntry entry = new JarEntry(name);
    entry.setTime(time.toMillis());
    return entry;
  }

  private static void read(InputStream stream, List<String> output, CompletableFuture<Integer> port) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        Matcher matcher = SERVING.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.valueOf(matcher.group(1)));
        }
      }
    } catch (IOException ended) {
      // the process ended
    } finally {
      port.completeExceptionally(new IllegalStateException("the runner ended before serving"));
    }
  }

  /** Scrapes as Prometheus does, in both formats, until the exporters' runs show. */
  private static void scrape(int port) throws IOException, InterruptedException {
    String base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!get(base + "/metrics", "text/plain").contains("promonitor_training_runs")) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("no training metrics on " + base + "/metrics");
      }
      Thread.sleep(100);
    }
    for (int i = 0; i < 3; i++) {
      get(base + "/metrics", "text/plain;version=0.0.4");
      get(base + "/metrics", "application/openmetrics-text;version=1.0.0");
    }
    get(base + "/-/healthy", "*/*");
  }

  private static String get(String url, String accept) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(60_000);
    connection.setRequestProperty("Accept", accept);
    try (InputStream body =
        connection.getResponseCode() < 400
            ? connection.getInputStream()
            : connection.getErrorStream()) {
      return body == null ? "" : new String(body.readAllBytes(), UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
