package dev.promonitor.benchmarks;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What reading a config file costs, and above all what refusing a hostile one costs: a file over
 * the size limit, and a file under it with one scalar longer than the parser takes. Before the
 * limits were checked on what is read, an 11 MB scalar took 52 s of CPU to refuse.
 */
final class ConfigFileBenchmark {

  private static final int ROUNDS = 5;

  private ConfigFileBenchmark() {}

  static String run() throws IOException {
    Path directory = Files.createTempDirectory("promonitor-config-bench");
    ConfigLoader loader =
        ConfigLoader.builder()
            .catalog(ExporterCatalog.of(GaugeExporter.class))
            .environment(Map.of())
            .build();
    StringBuilder entries = new StringBuilder("exporters:\n");
    for (int i = 0; i < 1000; i++) {
      entries.append("  - type: bench_gauge\n    name: g").append(i).append('\n');
    }
    Path normal = Files.writeString(directory.resolve("normal.yml"), entries);
    Path longScalar =
        Files.writeString(
            directory.resolve("scalar-11mb.yml"),
            "app:\n  prometheus_host: " + "a".repeat(11 * 1024 * 1024) + "\n");
    Path underLimit =
        Files.writeString(
            directory.resolve("scalar-3mb.yml"),
            "app:\n  prometheus_host: " + "a".repeat(3 * 1024 * 1024 - 64) + "\n");
    Path oversized =
        Files.writeString(
            directory.resolve("oversized-20mb.yml"), "# " + "x".repeat(20 * 1024 * 1024) + "\n");
    Table table =
        new Table(
            "config file", "size", "outcome", "median ms", "min ms", "max ms", "rounds");
    for (Path file : new Path[] {normal, longScalar, underLimit, oversized}) {
      long[] nanos = new long[ROUNDS];
      String outcome = "";
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        try {
          outcome = "loaded, " + loader.load(file).exporters().size() + " entries";
        } catch (ConfigException e) {
          outcome = "refused: " + e.problems().get(0).message();
        }
        nanos[round] = System.nanoTime() - start;
      }
      Stats stats = Stats.of(nanos);
      table.row(
          file.getFileName().toString(),
          Files.size(file) + " B",
          outcome,
          Stats.millis(stats.median(), 1),
          Stats.millis(stats.min(), 1),
          Stats.millis(stats.max(), 1),
          Integer.toString(ROUNDS));
      Files.delete(file);
    }
    Files.delete(directory);
    return "### config: reading and refusing config files\n\n" + table.render();
  }
}
