package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Memory: the resident set size of the runnable jar and of the distribution's launcher, started as
 * users start them, with 100 and with 10,000 {@code bench_noop} instances from the plugin jar,
 * after one scrape and 10 s of running, with the default heap and with a small one; and the CPU the
 * process used in those 10 s.
 */
final class MemoryBenchmark {

  private static final Pattern SERVING =
      Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Duration START_BOUND = Duration.ofSeconds(120);
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final int[] INSTANCES = {100, 10_000};
  /**
   * The JVM flags of each measurement: the defaults, a small heap, and a small footprint; and
   * {@link #LAUNCHER}, the distribution's launcher with its own defaults.
   */
  private static final List<List<String>> FLAGS =
      List.of(
          List.of(),
          List.of("-Xmx64m"),
          List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
          List.of("bin/promonitor"));

  private static final List<String> LAUNCHER = List.of("bin/promonitor");

  private final Path runnerJar;
  private final Path launcher;
  private final Path pluginDir;
  private final Path workDir;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private MemoryBenchmark(Path runnerJar, Path launcher, Path pluginDir, Path workDir) {
    this.runnerJar = runnerJar;
    this.launcher = launcher;
    this.pluginDir = pluginDir;
    this.workDir = workDir;
  }

  /** The paths, relative to the repository root unless overridden by system properties. */
  static String run() throws IOException, InterruptedException {
    Path runnerJar =
        Path.of(System.getProperty("bench.runner.jar", "monitor-runner/target/promonitor-runner.jar"));
    Path launcher =
        Path.of(System.getProperty("bench.launcher", "monitor-runner/target/promonitor/bin/promonitor"));
    Path pluginDir = Path.of(System.getProperty("bench.plugin.dir", "benchmarks/target/plugin"));
    Path workDir = Path.of(System.getProperty("bench.work.dir", "benchmarks/target/memory"));
    if (!Files.isRegularFile(runnerJar)) {
      throw new IllegalStateException(
          "no runner jar at " + runnerJar.toAbsolutePath() + ": build first, from the repository root");
    }
    if (!Files.isDirectory(pluginDir)) {
      throw new IllegalStateException("no plugin folder at " + pluginDir.toAbsolutePath());
    }
    Files.createDirectories(workDir);
    return new MemoryBenchmark(runnerJar, launcher, pluginDir, workDir).measureAll();
  }

  private String measureAll() throws IOException, InterruptedException {
    long defaultHeapMb = Runtime.getRuntime().maxMemory() >> 20;
    Table table =
        new Table("instances", "JVM flags", "VmRSS MB", "VmHWM MB", "start to serving ms", "series scraped",
            "CPU % of a core in the 10 s", "threads", "note");
    // -Dbench.memory.launcher-only=true: the launcher's rows alone, for a quicker comparison.
    boolean launcherOnly = Boolean.getBoolean("bench.memory.launcher-only");
    for (List<String> flags : FLAGS) {
      if (launcherOnly && !flags.equals(LAUNCHER)) {
        continue;
      }
      for (int instances : INSTANCES) {
        Path config = writeConfig(instances);
        Measurement m = measure(config, flags);
        table.row(
            String.valueOf(instances),
            flags.isEmpty()
                ? "default (max heap " + defaultHeapMb + " MB)"
                : flags.equals(LAUNCHER) ? "`bin/promonitor`, its defaults" : String.join(" ", flags),
            m.rssKb < 0 ? "—" : String.format(Locale.ROOT, "%.1f", m.rssKb / 1024.0),
            m.hwmKb < 0 ? "—" : String.format(Locale.ROOT, "%.1f", m.hwmKb / 1024.0),
            m.startMillis < 0 ? "—" : String.valueOf(m.startMillis),
            m.series < 0 ? "—" : String.valueOf(m.series),
            m.cpuPercent < 0 ? "—" : String.format(Locale.ROOT, "%.1f", m.cpuPercent),
            m.threads < 0 ? "—" : String.valueOf(m.threads),
            m.note);
      }
    }
    return "### memory: resident set size of the runner jar\n\n"
        + table.render()
        + "\nThe runner runs `bench_noop` instances (one gauge each) every 1 s in async mode; VmRSS and"
        + " VmHWM (peak) are read from /proc/<pid>/status " + SETTLE.toSeconds() + " s after the first"
        + " scrape of /metrics. The default max heap is a quarter of the machine's memory. The series"
        + " scraped count only the instances that had run by the scrape, right after start. CPU is the"
        + " process's user + system time over those 10 s; threads are counted at their end.\n";
  }

  private Path writeConfig(int instances) throws IOException {
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
    for (int i = 0; i < instances; i++) {
      yaml.append("  - type: bench_noop\n    name: n").append(i).append('\n');
    }
    return Files.writeString(workDir.resolve("gen-" + instances + ".yml"), yaml);
  }

  private static final class Measurement {
    long rssKb = -1;
    long hwmKb = -1;
    long startMillis = -1;
    long series = -1;
    double cpuPercent = -1;
    long threads = -1;
    String note = "";
  }

  private Measurement measure(Path config, List<String> flags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    if (flags.equals(LAUNCHER)) {
      command.addAll(List.of("sh", launcher.toAbsolutePath().toString()));
    } else {
      command.add(java);
      command.addAll(flags);
      command.addAll(List.of("-jar", runnerJar.toAbsolutePath().toString()));
    }
    command.addAll(
        List.of(
            "--config-file",
            config.toAbsolutePath().toString(),
            "--exporters-dir",
            pluginDir.toAbsolutePath().toString()));
    Measurement m = new Measurement();
    long launched = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA", java);
    Process process = builder.start();
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Thread reader = drain(process, output);
    try {
      Integer port = awaitServing(output, process);
      if (port == null) {
        m.note = "no 'serving metrics on' line within " + START_BOUND.toSeconds() + " s; exit "
            + (process.isAlive() ? "none" : String.valueOf(process.exitValue()))
            + "; last lines: " + String.join(" / ", lastLines(output));
        return m;
      }
      m.startMillis = (System.nanoTime() - launched) / 1_000_000;
      m.series = scrapeSeries(port);
      long cpuBefore = cpuNanos(process);
      long settleStart = System.nanoTime();
      Thread.sleep(SETTLE.toMillis());
      m.cpuPercent = 100.0 * (cpuNanos(process) - cpuBefore) / (System.nanoTime() - settleStart);
      m.threads = StartBenchmark.threadGroups(process.pid()).values().stream().mapToInt(Integer::intValue).sum();
      if (!process.isAlive()) {
        m.note = "the runner exited with " + process.exitValue();
        return m;
      }
      List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"));
      m.rssKb = statusKb(status, "VmRSS:");
      m.hwmKb = statusKb(status, "VmHWM:");
      List<String> errors = new ArrayList<>();
      for (String line : output) {
        if (line.contains(" ERROR ") || line.contains("OutOfMemoryError")) {
          errors.add(line);
        }
      }
      if (!errors.isEmpty()) {
        m.note = errors.size() + " error line(s), first: " + errors.get(0);
      }
      return m;
    } finally {
      process.destroy(); // SIGTERM, as a service manager stops it
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(5_000);
    }
  }

  private static Thread drain(Process process, BlockingQueue<String> output) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ended) {
                // the process ended
              }
            },
            "bench-runner-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static @Nullable Integer awaitServing(BlockingQueue<String> output, Process process)
      throws InterruptedException {
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    List<String> seen = new ArrayList<>();
    try {
      while (System.nanoTime() - deadline < 0) {
        String line = output.poll(200, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (!process.isAlive() && output.isEmpty()) {
            return null;
          }
          continue;
        }
        seen.add(line);
        Matcher matcher = SERVING.matcher(line);
        if (matcher.find()) {
          return Integer.valueOf(matcher.group(1));
        }
      }
      return null;
    } finally {
      // Keep the lines for a failure note and for the error scan.
      seen.addAll(output);
      output.clear();
      output.addAll(seen);
    }
  }

  private static List<String> lastLines(BlockingQueue<String> output) {
    List<String> lines = new ArrayList<>(output);
    return lines.subList(Math.max(0, lines.size() - 3), lines.size());
  }

  private long scrapeSeries(int port) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + response.statusCode());
    }
    return response.body().lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
  }

  private static long cpuNanos(Process process) {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static long statusKb(List<String> status, String key) {
    for (String line : status) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
