package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start and footprint of the runner as users start it, against baselines started in the same
 * rounds: the time from launch to the first {@code 200} on {@code /metrics}, and the resident set
 * size and threads 10 s later, with 100 {@code bench_noop} instances (async mode, 5 s interval);
 * and the wall time of {@code --dry-run} and {@code --once} with one. Each contender runs once per
 * round, in turn, so that the machine's load falls on all of them alike; the tables give medians.
 */
final class StartBenchmark {

  private static final long START_BOUND_NANOS = TimeUnit.SECONDS.toNanos(120);
  private static final long SETTLE_MILLIS = 10_000;
  private static final int INSTANCES = 100;
  /** The launcher's JVM defaults on JDK 17, for the baseline that has them too. */
  private static final List<String> LAUNCHER_FLAGS =
      List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:NewSize=2m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=5000",
          "-XX:-MethodFlushing",
          "-XX:-UseNotificationThread", "-XX:+UnlockDiagnosticVMOptions",
          "-XX:ArchiveRelocationMode=0");

  private final Paths paths;
  private final int rounds;

  private StartBenchmark(Paths paths, int rounds) {
    this.paths = paths;
    this.rounds = rounds;
  }

  /** Where the built artifacts are, relative to the repository root unless overridden. */
  record Paths(Path launcher, Path runnerJar, Path pluginDir, Path benchJar, Path benchLib, Path work) {

    static Paths fromProperties() throws IOException {
      Paths paths =
          new Paths(
              Path.of(System.getProperty("bench.launcher", "monitor-runner/target/promonitor/bin/promonitor")),
              Path.of(System.getProperty("bench.runner.jar", "monitor-runner/target/promonitor-runner.jar")),
              Path.of(System.getProperty("bench.plugin.dir", "benchmarks/target/plugin")),
              Path.of(System.getProperty("bench.jar", "benchmarks/target/monitor-benchmarks.jar")),
              Path.of(System.getProperty("bench.lib", "benchmarks/target/lib")),
              Path.of(System.getProperty("bench.work.dir", "benchmarks/target/start")));
      for (Path file : List.of(paths.launcher, paths.runnerJar, paths.benchJar)) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalStateException(
              "no " + file.toAbsolutePath() + ": build first (mvn package), from the repository root");
        }
      }
      Files.createDirectories(paths.work);
      return paths;
    }
  }

  static String run() throws IOException, InterruptedException {
    int rounds = Integer.getInteger("bench.rounds", 5);
    return new StartBenchmark(Paths.fromProperties(), rounds).measureAll();
  }

  /**
   * The launcher with each of its defaults undone in turn (by a later option or variable), and
   * with the candidates it does not take (smaller stacks, fewer malloc arenas) added.
   */
  static String runFlags() throws IOException, InterruptedException {
    int rounds = Integer.getInteger("bench.rounds", 5);
    return new StartBenchmark(Paths.fromProperties(), rounds).flagsTable();
  }

  private String flagsTable() throws IOException, InterruptedException {
    String java = java();
    List<String> runnerArgs = List.of("--exporters-dir", paths.pluginDir.toAbsolutePath().toString());
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    variants.put("bin/promonitor (all defaults)", Map.of());
    variants.put("without the class-data archive", Map.of("PROMONITOR_CDS", "off"));
    variants.put("G1 instead of the serial collector", Map.of("JAVA_OPTS", "-XX:-UseSerialGC -XX:+UseG1GC"));
    variants.put("the JVM's default heap (-Xms384m -Xmx6g)", Map.of("JAVA_OPTS", "-Xms384m -Xmx6g"));
    variants.put("the serial collector's default young generation (-XX:NewSize=5440k, a third of -Xms16m)",
        Map.of("JAVA_OPTS", "-XX:NewSize=5440k"));
    variants.put("a 1 MB young generation (-XX:NewSize=1m)", Map.of("JAVA_OPTS", "-XX:NewSize=1m"));
    variants.put("C1 compiling after 10 times the invocations (Tier3 thresholds x10)",
        Map.of("JAVA_OPTS", "-XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000"
            + " -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000"));
    variants.put("512 KB thread stacks (-Xss512k)", Map.of("JAVA_OPTS", "-Xss512k"));
    variants.put("C2 too (-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2)",
        Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2"));
    variants.put("sweeper and notification threads (+MethodFlushing +UseNotificationThread)",
        Map.of("JAVA_OPTS", "-XX:+MethodFlushing -XX:+UseNotificationThread"));
    variants.put("no trimming of the C heap (-XX:TrimNativeHeapInterval=0)",
        Map.of("JAVA_OPTS", "-XX:TrimNativeHeapInterval=0"));
    variants.put("2 glibc malloc arenas (MALLOC_ARENA_MAX=2)", Map.of("MALLOC_ARENA_MAX", "2"));
    variants.put("archives moved at start, the JDK's default (-XX:ArchiveRelocationMode=1)",
        Map.of("JAVA_OPTS", "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=1"));
    List<Contender> contenders = new ArrayList<>();
    variants.forEach((name, env) -> {
      Map<String, String> all = new LinkedHashMap<>(env);
      all.put("JAVA", java);
      contenders.add(new Contender(name, all, (port, config) -> runner(launcher(), config, runnerArgs)));
    });
    Map<String, Sample> samples = new LinkedHashMap<>();
    contenders.forEach(contender -> samples.put(contender.name(), new Sample()));
    for (int round = 0; round < rounds; round++) {
      for (Contender contender : contenders) {
        int port = freePort();
        Path config = writeConfig(port, INSTANCES, "flags-" + INSTANCES + ".yml");
        measureServing(contender, port, config, samples.get(contender.name()));
      }
    }
    Table table =
        new Table("variant", "first 200 ms (median)", "VmRSS at 10 s MB (median)", "threads", "CPU s in the first 10 s (median)", "note");
    for (Contender contender : contenders) {
      Sample sample = samples.get(contender.name());
      table.row(
          contender.name(),
          sample.firstOkNanos.isEmpty() ? "—" : Stats.millis(median(sample.firstOkNanos), 0),
          sample.rssKb.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f", median(sample.rssKb) / 1024.0),
          sample.threads.isEmpty() ? "—" : String.valueOf(median(sample.threads)),
          sample.cpuNanos.isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f", median(sample.cpuNanos) / 1e9),
          sample.note);
    }
    return "### start: the launcher's defaults, each undone in turn, and candidates (" + INSTANCES
        + " `bench_noop` instances, " + rounds + " rounds)\n\n"
        + table.render()
        + "\nEach variant is `bin/promonitor` with one default undone by a later JVM option in"
        + " `JAVA_OPTS` (the last one wins) or an environment variable; first 200, VmRSS and threads"
        + " as in the start table, CPU = user + system time of the JVM over its first 10 s.\n";
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A program to start: its name in the tables, its environment, its command for a port and a config. */
  private record Contender(String name, Map<String, String> env, CommandLine commandLine) {
    List<String> command(int port, Path config) {
      return commandLine.of(port, config);
    }
  }

  @FunctionalInterface
  private interface CommandLine {
    List<String> of(int port, Path config);
  }

  private List<Contender> serving() {
    String java = java();
    String benchClassPath = paths.benchJar.toAbsolutePath() + ":" + paths.benchLib.toAbsolutePath() + "/*";
    List<String> runnerArgs = List.of("--exporters-dir", paths.pluginDir.toAbsolutePath().toString());
    return List.of(
        new Contender(
            "bare JVM, binds a socket (baseline)",
            Map.of(),
            (port, config) ->
                List.of(java, "-cp", paths.benchJar.toAbsolutePath().toString(),
                    "dev.promonitor.benchmarks.baseline.BareSocketServer", String.valueOf(port))),
        new Contender(
            "bare JVM with the launcher's flags, binds a socket (baseline)",
            Map.of(),
            (port, config) -> {
              List<String> command = new ArrayList<>(List.of(java));
              command.addAll(LAUNCHER_FLAGS);
              command.addAll(List.of("-cp", paths.benchJar.toAbsolutePath().toString(),
                  "dev.promonitor.benchmarks.baseline.BareSocketServer", String.valueOf(port)));
              return command;
            }),
        new Contender(
            "simpleclient HTTPServer, same samples (baseline)",
            Map.of(),
            (port, config) ->
                List.of(java, "-cp", benchClassPath, "dev.promonitor.benchmarks.baseline.SimpleclientServer",
                    String.valueOf(port), String.valueOf(INSTANCES))),
        new Contender(
            "bin/promonitor",
            Map.of("JAVA", java),
            (port, config) -> runner(launcher(), config, runnerArgs)),
        new Contender(
            "bin/promonitor, PROMONITOR_CDS=off",
            Map.of("JAVA", java, "PROMONITOR_CDS", "off"),
            (port, config) -> runner(launcher(), config, runnerArgs)),
        new Contender(
            "java -jar promonitor-runner.jar",
            Map.of(),
            (port, config) ->
                runner(List.of(java, "-jar", paths.runnerJar.toAbsolutePath().toString()), config, runnerArgs)));
  }

  private List<String> launcher() {
    return List.of("sh", paths.launcher.toAbsolutePath().toString());
  }

  private static List<String> runner(List<String> start, Path config, List<String> more) {
    List<String> command = new ArrayList<>(start);
    command.add("--config-file");
    command.add(config.toAbsolutePath().toString());
    command.addAll(more);
    return command;
  }

  private static final class Sample {
    final List<Long> firstOkNanos = new ArrayList<>();
    final List<Long> rssKb = new ArrayList<>();
    final List<Long> threads = new ArrayList<>();
    final List<Long> cpuNanos = new ArrayList<>();
    final List<Map<String, Integer>> threadGroups = new ArrayList<>();
    String note = "";
  }

  private String measureAll() throws IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    out.append(serveTable());
    out.append('\n');
    out.append(shortRunsTable());
    return out.toString();
  }

  private String serveTable() throws IOException, InterruptedException {
    List<Contender> contenders = serving();
    Map<String, Sample> samples = new LinkedHashMap<>();
    contenders.forEach(contender -> samples.put(contender.name(), new Sample()));
    for (int round = 0; round < rounds; round++) {
      for (Contender contender : contenders) {
        int port = freePort();
        Path config = writeConfig(port, INSTANCES, "serve-" + INSTANCES + ".yml");
        measureServing(contender, port, config, samples.get(contender.name()));
      }
    }
    Table table =
        new Table("program", "first 200 on /metrics ms (median)", "min–max ms", "VmRSS at 10 s MB (median)",
            "threads at 10 s", "target", "note");
    for (Contender contender : contenders) {
      Sample sample = samples.get(contender.name());
      String target = "";
      if (contender.name().equals("bin/promonitor")) {
        target = verdicts(sample, 500, 60);
      } else if (contender.name().startsWith("java -jar")) {
        target = sample.firstOkNanos.isEmpty() ? "" : "first 200 ≤ 1,000 ms: "
            + Table.verdict(median(sample.firstOkNanos) <= TimeUnit.MILLISECONDS.toNanos(1000));
      }
      table.row(
          contender.name(),
          sample.firstOkNanos.isEmpty() ? "—" : Stats.millis(median(sample.firstOkNanos), 0),
          sample.firstOkNanos.isEmpty() ? "—"
              : Stats.millis(Stats.of(toArray(sample.firstOkNanos)).min(), 0) + "–"
                  + Stats.millis(Stats.of(toArray(sample.firstOkNanos)).max(), 0),
          sample.rssKb.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f", median(sample.rssKb) / 1024.0),
          sample.threads.isEmpty() ? "—" : String.valueOf(median(sample.threads)),
          target,
          sample.note);
    }
    StringBuilder out = new StringBuilder();
    out.append("### start: ").append(INSTANCES).append(" `bench_noop` instances, async mode, 5 s interval, ")
        .append(rounds).append(" rounds\n\n");
    out.append(table.render());
    out.append("\nFirst 200 = launch (fork of the command) to the first `200` answer to `GET /metrics` on a new")
        .append(" connection, polled every 2 ms on a port chosen before the launch. VmRSS and the threads")
        .append(" (`/proc/<pid>/task`, JVM threads included) are read 10 s after the launch.\n\n");
    for (Contender contender : contenders) {
      Sample sample = samples.get(contender.name());
      if (!sample.threadGroups.isEmpty()) {
        out.append("- ").append(contender.name()).append(", threads by name in the last round: ")
            .append(render(sample.threadGroups.get(sample.threadGroups.size() - 1))).append('\n');
      }
    }
    return out.toString();
  }

  private static String verdicts(Sample sample, long firstOkMillis, long rssMb) {
    if (sample.firstOkNanos.isEmpty() || sample.rssKb.isEmpty()) {
      return "";
    }
    return "first 200 ≤ " + firstOkMillis + " ms: "
        + Table.verdict(median(sample.firstOkNanos) <= TimeUnit.MILLISECONDS.toNanos(firstOkMillis))
        + "; RSS ≤ " + rssMb + " MB: " + Table.verdict(median(sample.rssKb) <= rssMb * 1024)
        + "; threads ≤ 16: " + Table.verdict(median(sample.threads) <= 16);
  }

  private static String render(Map<String, Integer> groups) {
    StringBuilder out = new StringBuilder();
    groups.forEach((name, count) -> out.append(out.length() == 0 ? "" : ", ").append(name).append(" ×").append(count));
    return out.toString();
  }

  private void measureServing(Contender contender, int port, Path config, Sample sample)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(contender.command(port, config))
            .directory(paths.work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(paths.work.resolve("last-output.txt").toFile());
    builder.environment().putAll(contender.env());
    long launched = System.nanoTime();
    Process process = builder.start();
    try {
      long firstOk = awaitFirstOk(port, process, launched);
      if (firstOk < 0) {
        sample.note = "no 200 within the bound; exit "
            + (process.isAlive() ? "none" : String.valueOf(process.exitValue()));
        return;
      }
      sample.firstOkNanos.add(firstOk - launched);
      long settle = launched + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS) - System.nanoTime();
      if (settle > 0) {
        TimeUnit.NANOSECONDS.sleep(settle);
      }
      long pid = javaPid(process);
      sample.rssKb.add(statusKb(pid, "VmRSS:"));
      ProcessHandle.of(pid)
          .flatMap(handle -> handle.info().totalCpuDuration())
          .ifPresent(cpu -> sample.cpuNanos.add(cpu.toNanos()));
      Map<String, Integer> groups = threadGroups(pid);
      sample.threads.add((long) groups.values().stream().mapToInt(Integer::intValue).sum());
      sample.threadGroups.add(groups);
    } finally {
      stop(process);
    }
  }

  /** The JVM's pid: the process itself, or the child that {@code sh} started when it did not exec. */
  private static long javaPid(Process process) {
    return process.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(process.pid());
  }

  private static void stop(Process process) throws InterruptedException {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Polls GET /metrics on a new connection every 2 ms until a 200; the time of that answer. */
  private static long awaitFirstOk(int port, Process process, long launched)
      throws InterruptedException {
    byte[] request =
        ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
            .getBytes(US_ASCII);
    while (System.nanoTime() - launched < START_BOUND_NANOS) {
      if (!process.isAlive()) {
        return -1;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        String status = readLine(in);
        if (status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.0 200")) {
          long at = System.nanoTime();
          in.readAllBytes(); // the whole body, as a scrape reads it
          return at;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      } catch (IOException other) {
        // accepted but not answered yet, or closed: try again
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
    return -1;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString();
  }

  /** The wall time of {@code --dry-run} and {@code --once} with one instance. */
  private String shortRunsTable() throws IOException, InterruptedException {
    Path config = writeConfig(0, 1, "short-1.yml");
    String java = java();
    List<String> runnerArgs = List.of("--exporters-dir", paths.pluginDir.toAbsolutePath().toString());
    Map<String, List<String>> commands = new LinkedHashMap<>();
    Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    commands.put("bare JVM, binds a socket and exits (baseline)",
        List.of(java, "-cp", paths.benchJar.toAbsolutePath().toString(),
            "dev.promonitor.benchmarks.baseline.BareSocketServer", "0", "--exit"));
    for (String mode : List.of("--dry-run", "--once")) {
      List<String> more = new ArrayList<>(runnerArgs);
      more.add(mode);
      commands.put("bin/promonitor " + mode, runner(launcher(), config, more));
      envs.put("bin/promonitor " + mode, Map.of("JAVA", java));
      commands.put("bin/promonitor " + mode + ", PROMONITOR_CDS=off", runner(launcher(), config, more));
      envs.put("bin/promonitor " + mode + ", PROMONITOR_CDS=off", Map.of("JAVA", java, "PROMONITOR_CDS", "off"));
      commands.put("java -jar " + mode,
          runner(List.of(java, "-jar", paths.runnerJar.toAbsolutePath().toString()), config, more));
    }
    Map<String, List<Long>> wall = new LinkedHashMap<>();
    Map<String, List<Long>> cpu = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    commands.keySet().forEach(name -> {
      wall.put(name, new ArrayList<>());
      cpu.put(name, new ArrayList<>());
    });
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, List<String>> entry : commands.entrySet()) {
        ProcessBuilder builder =
            new ProcessBuilder(entry.getValue())
                .directory(paths.work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(paths.work.resolve("last-output.txt").toFile());
        builder.environment().putAll(envs.getOrDefault(entry.getKey(), Map.of()));
        long start = System.nanoTime();
        Process process = builder.start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (!ended || process.exitValue() != 0) {
          notes.put(entry.getKey(), "exit " + (ended ? process.exitValue() : "none"));
          stop(process);
          continue;
        }
        wall.get(entry.getKey()).add(elapsed);
        process.info().totalCpuDuration().ifPresent(d -> cpu.get(entry.getKey()).add(d.toNanos()));
      }
    }
    Table table = new Table("command", "wall ms (median)", "min–max ms", "target", "note");
    for (String name : commands.keySet()) {
      List<Long> values = wall.get(name);
      String target = name.startsWith("bin/promonitor --") && !name.contains("CDS=off") && !values.isEmpty()
          ? "≤ 400 ms: " + Table.verdict(median(values) <= TimeUnit.MILLISECONDS.toNanos(400))
          : "";
      table.row(
          name,
          values.isEmpty() ? "—" : Stats.millis(median(values), 0),
          values.isEmpty() ? "—" : Stats.millis(Stats.of(toArray(values)).min(), 0) + "–"
              + Stats.millis(Stats.of(toArray(values)).max(), 0),
          target,
          notes.getOrDefault(name, ""));
    }
    return "### start: `--dry-run` and `--once` with one `bench_noop` instance, " + rounds + " rounds\n\n"
        + table.render()
        + "\nWall = launch to exit, the JVM's start and exit included.\n";
  }

  private Path writeConfig(int port, int instances, String name) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            """
            app:
              execution_mode: async
              export_interval_seconds: 5
              prometheus_host: 127.0.0.1
              prometheus_port: %d
            exporters:
            """.formatted(port));
    for (int i = 0; i < instances; i++) {
      yaml.append("  - type: bench_noop\n    name: n").append(i).append('\n');
    }
    return Files.writeString(paths.work.resolve(name), yaml);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static long statusKb(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  /** The process's threads, by name with the trailing numbers taken off. */
  static Map<String, Integer> threadGroups(long pid) throws IOException {
    Map<String, Integer> groups = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("[-#]?\\d+$", "");
          groups.merge(name, 1, Integer::sum);
        } catch (IOException ended) {
          // the thread ended meanwhile
        }
      }
    }
    return groups;
  }

  private static long median(List<Long> values) {
    return Stats.of(toArray(values)).median();
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
