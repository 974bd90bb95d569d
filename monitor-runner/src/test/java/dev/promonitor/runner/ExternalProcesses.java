package dev.promonitor.runner;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.promonitor.core.testing.PluginJarBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the integration tests that start other programs share: the runner jar, a test plugin, the
 * Debian Prometheus tools on the PATH, free ports and polling HTTP with a deadline.
 */
final class ExternalProcesses implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Pattern SERVING =
      Pattern.compile("serving metrics on https?://127\\.0\\.0\\.1:(\\d+)/metrics");

  private static final String EXPORTER_SOURCE =
      """
      package it.plugin;

      import dev.promonitor.api.BaseExporter;
      import dev.promonitor.api.ExporterType;
      import io.prometheus.client.Gauge;

      @ExporterType("it_gauge")
      public final class ItGaugeExporter extends BaseExporter<ItGaugeConfig> {
        private Gauge gauge;

        @Override
        protected void init() {
          gauge = Gauge.build("it_plugin_value", "A value from the config.")
              .labelNames("label").register(registry());
        }

        @Override
        public void exportMetrics() {
          if (config().fail()) {
            throw new IllegalStateException("asked to fail");
          }
          for (String label : config().labels()) {
            gauge.labels(label).set(config().value());
          }
          logger().info("exported {} labels", config().labels().size());
        }
      }
      """;

  private static final String CONFIG_SOURCE =
      """
      package it.plugin;

      import jakarta.validation.constraints.NotEmpty;
      import java.util.List;
import java.util.Map;

      public record ItGaugeConfig(
          @NotEmpty List<String> labels, Double value, boolean fail, String apiToken) {
        public ItGaugeConfig {
          value = value == null ? 7.0 : value;
        }
      }
      """;

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Compiles the {@code it_gauge} exporter into a plugin jar in {@code exportersDir}. */
  static void buildPlugin(Path exportersDir) throws IOException {
    Files.createDirectories(exportersDir);
    PluginJarBuilder.jar(exportersDir.resolve("it-plugin.jar"))
        .source("it.plugin.ItGaugeExporter", EXPORTER_SOURCE)
        .source("it.plugin.ItGaugeConfig", CONFIG_SOURCE)
        .service("it.plugin.ItGaugeExporter")
        .build();
  }

  /** An executable found on the PATH, as Debian's packages install them in /usr/bin. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The command that starts the runner jar in a separate JVM. */
  static List<String> runnerCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("promonitor.runner.jar"));
    command.addAll(List.of(args));
    return command;
  }

  /** Starts a program whose output (stdout and stderr together) arrives line by line. */
  Started start(Path workDir, List<String> command) throws IOException {
    return start(workDir, command, Map.of());
  }

  /** Starts a program with more environment variables; its output arrives line by line. */
  Started start(Path workDir, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = drain(process.getInputStream(), lines, "output of " + command.get(0));
    return new Started(process, lines, reader, new ArrayList<>());
  }

  /** Runs a program to its end, keeping stdout and stderr apart. */
  Finished run(Path workDir, List<String> command) throws IOException, InterruptedException {
    return run(workDir, command, "");
  }

  /** Runs a program to its end with {@code input} on its stdin, keeping stdout and stderr apart. */
  Finished run(Path workDir, List<String> command, String input)
      throws IOException, InterruptedException {
    return run(workDir, command, input, Map.of());
  }

  /** Runs a program to its end with {@code input} on its stdin and more environment variables. */
  Finished run(Path workDir, List<String> command, String input, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(UTF_8));
    }
    BlockingQueue<String> out = new LinkedBlockingQueue<>();
    BlockingQueue<String> err = new LinkedBlockingQueue<>();
    Thread outReader = drain(process.getInputStream(), out, "stdout");
    Thread errReader = drain(process.getErrorStream(), err, "stderr");
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(command + " did not end within " + WAIT);
    }
    outReader.join(WAIT.toMillis());
    errReader.join(WAIT.toMillis());
    return new Finished(process.exitValue(), joined(out), joined(err));
  }

  private static String joined(BlockingQueue<String> lines) {
    List<String> all = new ArrayList<>();
    lines.drainTo(all);
    return all.isEmpty() ? "" : String.join("\n", all) + "\n";
  }

  private static Thread drain(InputStream stream, BlockingQueue<String> lines, String name) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /** GETs a URL until the response satisfies {@code done}, or fails after {@link #WAIT}. */
  HttpResponse<String> awaitHttp(String url, Predicate<HttpResponse<String>> done)
      throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "no response";
    while (System.nanoTime() - deadline < 0) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (done.test(response)) {
          return response;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError(url + " did not give what was expected within " + WAIT + "; last: " + last);
  }

  @Override
  public void close() {
    try {
      for (Process process : processes) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(20, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      processes.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  /** A program that runs in the background; {@code seen} keeps the lines read so far. */
  record Started(Process process, BlockingQueue<String> lines, Thread reader, List<String> seen) {

    /** Everything the program printed, once it has ended. */
    String output() throws InterruptedException {
      reader.join(WAIT.toMillis());
      synchronized (seen) {
        lines.drainTo(seen);
        return String.join("\n", seen);
      }
    }

    /** Waits for an output line that matches; returns the match. */
    Matcher awaitLine(Pattern pattern) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() - deadline < 0) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (!process.isAlive()) {
            break;
          }
          continue;
        }
        synchronized (seen) {
          seen.add(line);
        }
        Matcher matcher = pattern.matcher(line);
        if (matcher.find()) {
          return matcher;
        }
      }
      synchronized (seen) {
        lines.drainTo(seen);
      }
      throw new AssertionError(
          "no line matched " + pattern + (process.isAlive() ? "" : " (the process ended)")
              + "; output:\n" + String.join("\n", seen));
    }
  }

  /** A program that ended. */
  record Finished(int exitCode, String stdout, String stderr) {}
}
