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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build's last step of the distribution (a build tool, kept with the tests so that the
 * runner's jar holds none of it): makes the launcher executable, then runs {@code bin/promonitor}
 * three ways with {@code -XX:DumpLoadedClassList} (serving, scraped and stopped with SIGTERM;
 * {@code --dry-run}; {@code --once}) and makes of the classes they loaded the static class-data
 * archive {@code lib/promonitor.jsa} ({@code -Xshare:dump}) that the launcher then starts with. One
 * static archive rather than the dynamic one of a single run: it covers the three paths, and it
 * replaces the JDK's own archive, most of whose classes the runner never loads (5 MB less resident
 * memory, benchmarks/RESULTS.md). The runs' exporters take no config and the config sets no
 * {@code logging} section: the archive holds the runner's own paths, and not Jackson databind or
 * Hibernate Validator, which config classes and the logging section pull in and which load from
 * their jars when they do. Every class of the archive is resident in every runner, used or not
 * (fitting the archive to a config is in docs/production.md).
 *
 * <p>Run by the build with the JDK that builds (it uses only the JDK, not the runner's
 * dependencies): {@code java -cp target/test-classes dev.promonitor.runner.training.ArchiveTraining <dist>
 * <timestamp>}. Since the JVM accepts an archive only beside the jars it was made from (their
 * sizes and modification times), the jars' times are first set to the build's output timestamp,
 * the one that the tar.gz records. A JVM that cannot make the archive leaves a distribution
 * without one, which starts as {@code java -jar} does: the training then reports why and exits
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
  /** The loader's id of a class in a list of loaded classes, which lists of two runs do not share. */
  private static final Pattern CLASS_ID = Pattern.compile(" id: \\d+$");

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
    List<String> runnerArgs =
        List.of("--config-file", config.toString(), "--exporters-dir", work.resolve("exporters").toString());

    // The three paths that users start: serving (started, scraped, stopped with SIGTERM),
    // --dry-run and --once, each writing the list of the classes it loaded.
    List<Path> classLists = new ArrayList<>();
    Path serveList = work.resolve("serve.classlist");
    classLists.add(serveList);
    Training serve = start(launcher, work, java, classListOption(serveList), runnerArgs);
    try {
      int metricsPort = serve.port.get(BOUND_SECONDS, TimeUnit.SECONDS);
      scrape(metricsPort);
    } catch (Exception e) {
      serve.process.destroyForcibly();
      serve.process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
      serve.report("no class-data archive: the serving run failed (" + e + ")");
      return;
    }
    serve.process.destroy(); // SIGTERM: the runner stops cleanly, the JVM writes its list
    if (!serve.end() || !Files.isRegularFile(serveList)) {
      serve.report("no class-data archive: the serving run did not end cleanly");
      return;
    }
    for (String mode : List.of("--dry-run", "--once")) {
      Path list = work.resolve(mode.substring(2) + ".classlist");
      classLists.add(list);
      List<String> modeArgs = new ArrayList<>(runnerArgs);
      modeArgs.add(mode);
      Training run = start(launcher, work, java, classListOption(list), modeArgs);
      if (!run.end() || !Files.isRegularFile(list)) {
        run.report("no class-data archive: the " + mode + " run failed");
        return;
      }
    }

    // One static archive of all their classes, the JDK's included: it replaces the JDK's own
    // archive at the start, so that one file of the classes that these paths load is mapped.
    Path classList = work.resolve("promonitor.classlist");
    int classes = merge(classLists, classList);
    Training dump =
        start(launcher, work, java,
            "-Xshare:dump -XX:SharedClassListFile=" + classList + " -XX:SharedArchiveFile=" + archive,
            List.of());
    if (!dump.end() || !Files.isRegularFile(archive)) {
      Files.deleteIfExists(archive);
      dump.report("this JVM wrote no class-data archive");
      return;
    }
    System.out.println(
        "[training] wrote " + archive + " (" + (Files.size(archive) >> 10) + " KB, " + classes
            + " classes from the serving, --dry-run and --once runs)");
  }

  private static String classListOption(Path list) {
    return "-XX:DumpLoadedClassList=" + list;
  }

  /** A run of the launcher: its process, its output, and the port it serves on, if it does. */
  private static final class Training {
    final Process process;
    final List<String> output = new ArrayList<>();
    final CompletableFuture<Integer> port = new CompletableFuture<>();
    final Thread reader;

    Training(Process process) {
      this.process = process;
      this.reader =
          new Thread(() -> read(process.getInputStream(), output, port), "training-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for the end; whether the process ended with 0 in time. */
    boolean end() throws InterruptedException {
      if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        return false;
      }
      reader.join(5_000);
      return process.exitValue() == 0;
    }

    void report(String what) {
      System.out.println("[training] " + what + "; its output:");
      synchronized (output) {
        output.forEach(line -> System.out.println("[training]   " + line));
      }
    }
  }

  /**
   * Starts the launcher with the JDK that builds, without the archive, with {@code javaOpts} and
   * the runner's {@code args}.
   */
  private static Training start(
      Path launcher, Path work, String java, String javaOpts, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("JAVA_HOME");
    env.put("JAVA", java);
    env.put("JAVA_OPTS", javaOpts);
    env.put("PROMONITOR_CDS", "off");
    return new Training(builder.start());
  }

  /**
   * Writes the classes of {@code lists}, each once, in the order first loaded, as the list that
   * {@code -Xshare:dump} reads: the classes of the boot and application loaders by name, and the
   * lambda and method-handle lines; left out are the plugin's classes (another loader, which a
   * static archive made from the class path cannot hold) and the JDK's generated proxies.
   *
   * @return the number of classes written
   */
  static int merge(List<Path> lists, Path merged) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    for (Path list : lists) {
      for (String line : Files.readAllLines(list, UTF_8)) {
        if (line.isBlank() || line.startsWith("#") || line.contains(" source: ")
            || line.contains("$Proxy")) {
          continue;
        }
        lines.add(line.startsWith("@") ? line : CLASS_ID.matcher(line).replaceFirst(""));
      }
    }
    Files.write(merged, lines, UTF_8);
    return (int) lines.stream().filter(line -> !line.startsWith("@")).count();
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
            exporters:
            """);
    for (int i = 0; i < 3; i++) {
      yaml.append("  - type: promonitor_training\n    name: t").append(i).append('\n');
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
