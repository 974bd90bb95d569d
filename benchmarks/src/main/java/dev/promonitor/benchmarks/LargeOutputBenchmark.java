package dev.promonitor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Large outputs: 10 {@code bench_large} instances of 100,000 series each (1,000,000 series) in the
 * runner jar against simpleclient's own {@code HTTPServer} serving the same samples, both with
 * {@code -Xmx4g}, in turns within one run: the time of a whole scrape, plain and gzip, and the
 * resident memory after the scrapes (and its peak).
 */
final class LargeOutputBenchmark {

  private static final int INSTANCES = 10;
  private static final int SERIES = 100_000;
  private static final int SCRAPES = 5;
  private static final int ROUNDS = 3;
  private static final int TIMEOUT_MS = 120_000;
  private static final String GZIP = "Accept-Encoding: gzip\r\n";

  private final Path runnerJar;
  private final Path pluginDir;
  private final Path workDir;

  private LargeOutputBenchmark(Path runnerJar, Path pluginDir, Path workDir) {
    this.runnerJar = runnerJar;
    this.pluginDir = pluginDir;
    this.workDir = workDir;
  }

  static String run() throws Exception {
    Path runnerJar =
        Path.of(System.getProperty("bench.runner.jar", "monitor-runner/target/promonitor-runner.jar"));
    Path pluginDir = Path.of(System.getProperty("bench.plugin.dir", "benchmarks/target/plugin"));
    Path workDir = Path.of(System.getProperty("bench.work.dir", "benchmarks/target/http"));
    Files.createDirectories(workDir);
    return new LargeOutputBenchmark(runnerJar, pluginDir, workDir).measureAll();
  }

  /** One server's figures in one round. */
  private record Figures(double plainMs, double gzipMs, long plainBytes, long gzipBytes, long rssKb, long peakKb) {}

  private String measureAll() throws Exception {
    Path config = writeConfig();
    List<Figures> bare = new ArrayList<>();
    List<Figures> promonitor = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      bare.add(measure(startBare(), false));
      promonitor.add(measure(startRunner(config), true));
    }
    Table table =
        new Table("server", "round", "plain scrape ms", "gzip scrape ms", "plain MB", "gzip MB",
            "RSS MB after", "peak RSS MB");
    for (int round = 0; round < ROUNDS; round++) {
      row(table, "bare simpleclient", round, bare.get(round));
      row(table, "promonitor", round, promonitor.get(round));
    }
    double[] plain = new double[ROUNDS];
    double[] gzip = new double[ROUNDS];
    double[] rss = new double[ROUNDS];
    double[] peak = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      plain[round] = promonitor.get(round).plainMs() / bare.get(round).plainMs();
      gzip[round] = promonitor.get(round).gzipMs() / bare.get(round).gzipMs();
      rss[round] = (double) promonitor.get(round).rssKb() / bare.get(round).rssKb();
      peak[round] = (double) promonitor.get(round).peakKb() / bare.get(round).peakKb();
    }
    return "### large outputs: " + INSTANCES + " x " + String.format(Locale.ROOT, "%,d", SERIES)
        + " series\n\n"
        + table.render()
        + String.format(Locale.ROOT,
            "%nMedians of the rounds' ratios, promonitor / bare simpleclient: plain scrape %.3fx"
                + " (target <= 0.3x: %s), gzip scrape %.3fx, RSS after the scrapes %.2fx"
                + " (target <= 1.0x: %s), peak RSS %.2fx.%n",
            median(plain), median(plain) <= 0.3 ? "PASS" : "MISS", median(gzip),
            median(rss), median(rss) <= 1.0 ? "PASS" : "MISS", median(peak))
        + "\nEach server is a process of its own with -Xmx4g; each round starts both afresh, the"
        + " baseline first. Per server: one scrape to warm up, then " + SCRAPES + " plain and "
        + SCRAPES + " gzip scrapes, one after another on new connections, each timed to its last"
        + " byte (medians). The runner: " + INSTANCES + " `bench_large` instances of "
        + SERIES + " series (`max_series: 0`, a 300 s interval), scraped once `/-/ready` answers"
        + " 200; the baseline: one gauge with the same " + INSTANCES * SERIES + " label pairs and"
        + " the JVM's metrics.\n";
  }

  private static void row(Table table, String server, int round, Figures figures) {
    table.row(server, String.valueOf(round + 1),
        String.format(Locale.ROOT, "%.1f", figures.plainMs()),
        String.format(Locale.ROOT, "%.1f", figures.gzipMs()),
        String.format(Locale.ROOT, "%.1f", figures.plainBytes() / 1e6),
        String.format(Locale.ROOT, "%.1f", figures.gzipBytes() / 1e6),
        String.valueOf(figures.rssKb() / 1024),
        String.valueOf(figures.peakKb() / 1024));
  }

  private Figures measure(ServerProcess process, boolean runner) throws Exception {
    try (process) {
      if (runner) {
        awaitReady(process.port);
      }
      scrape(process.port, "");
      long[] plain = new long[SCRAPES];
      long plainBytes = 0;
      for (int i = 0; i < SCRAPES; i++) {
        long start = System.nanoTime();
        plainBytes = scrape(process.port, "");
        plain[i] = System.nanoTime() - start;
      }
      long[] gzip = new long[SCRAPES];
      long gzipBytes = 0;
      for (int i = 0; i < SCRAPES; i++) {
        long start = System.nanoTime();
        gzipBytes = scrape(process.port, GZIP);
        gzip[i] = System.nanoTime() - start;
      }
      return new Figures(medianMs(plain), medianMs(gzip), plainBytes, gzipBytes,
          process.rssKb(), process.peakRssKb());
    }
  }

  private static long scrape(int port, String headers) throws IOException {
    try (Probe probe = Probe.open(port, false, TIMEOUT_MS)) {
      int status = probe.get("/metrics", null, headers);
      if (status != 200) {
        throw new IOException("scrape answered " + status);
      }
      return probe.received;
    }
  }

  /** Waits until every instance of the runner has finished its first run. */
  private static void awaitReady(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() - deadline < 0) {
      try (Probe probe = Probe.open(port, false, TIMEOUT_MS)) {
        int status = probe.get("/-/ready", null);
        if (status == 200) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IOException("not ready after 300 s");
  }

  private ServerProcess startBare() throws IOException, InterruptedException {
    return ServerProcess.start(ServerProcess.java("-Xmx4g", "-cp", System.getProperty("java.class.path"),
        BareHttpServer.class.getName(), String.valueOf(SERIES), String.valueOf(INSTANCES)));
  }

  private ServerProcess startRunner(Path config) throws IOException, InterruptedException {
    return ServerProcess.start(ServerProcess.java("-Xmx4g",
        "-jar", runnerJar.toAbsolutePath().toString(),
        "--config-file", config.toAbsolutePath().toString(),
        "--exporters-dir", pluginDir.toAbsolutePath().toString()));
  }

  private Path writeConfig() throws IOException {
    StringBuilder yaml = new StringBuilder(
        "app:\n  execution_mode: async\n  export_interval_seconds: 300\n  max_series: 0\n"
            + "  prometheus_host: 127.0.0.1\n  prometheus_port: 0\nexporters:\n");
    for (int i = 0; i < INSTANCES; i++) {
      yaml.append("  - type: bench_large\n    name: l").append(i)
          .append("\n    config:\n      series: ").append(SERIES).append('\n');
    }
    return Files.writeString(workDir.resolve("large-" + INSTANCES + ".yml"), yaml);
  }

  private static double medianMs(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
