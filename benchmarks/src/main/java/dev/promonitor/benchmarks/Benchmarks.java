package dev.promonitor.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness of the engine and the runner. Run from the repository root after a build:
 *
 * <pre>{@code
 * java -cp "benchmarks/target/monitor-benchmarks.jar:benchmarks/target/lib/*" \
 *     dev.promonitor.benchmarks.Benchmarks all
 * }</pre>
 *
 * <p>Sub-commands: {@code cycle}, {@code period}, {@code scale}, {@code memory}, {@code config},
 * {@code shard}, {@code start}, {@code flags}, {@code http}, {@code large} and {@code all}.
 * Each prints a Markdown table of the measured values, their targets and PASS or MISS on standard
 * output; logs go to standard error.
 */
public final class Benchmarks {

  private static final List<String> COMMANDS =
      List.of(
          "cycle", "period", "scale", "memory", "config", "shard", "start", "flags", "http", "large", "all");

  private Benchmarks() {}

  /**
   * Runs the benchmarks that the argument names.
   *
   * @param args one of {@code cycle}, {@code period}, {@code scale}, {@code memory},
   *     {@code config}, {@code shard}, {@code start}, {@code flags}, {@code http}, {@code large},
   *     {@code all}
   * @throws Exception when a benchmark cannot run
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !COMMANDS.contains(args[0].toLowerCase(Locale.ROOT))) {
      System.err.println("usage: Benchmarks " + String.join("|", COMMANDS));
      System.exit(2);
      return;
    }
    String command = args[0].toLowerCase(Locale.ROOT);
    boolean all = command.equals("all");
    if (all || command.equals("cycle")) {
      print(CycleBenchmark.run());
    }
    if (all || command.equals("period")) {
      print(PeriodBenchmark.run());
    }
    if (all || command.equals("scale")) {
      print(ScaleBenchmark.run());
    }
    if (all || command.equals("memory")) {
      print(MemoryBenchmark.run());
    }
    if (all || command.equals("config")) {
      print(ConfigFileBenchmark.run());
    }
    if (all || command.equals("shard")) {
      print(ShardBenchmark.run());
    }
    if (all || command.equals("start")) {
      print(StartBenchmark.run());
    }
    if (all || command.equals("flags")) {
      print(StartBenchmark.runFlags());
    }
    if (all || command.equals("http")) {
      print(HttpBenchmark.run());
    }
    if (all || command.equals("large")) {
      print(LargeOutputBenchmark.run());
    }
  }

  private static void print(String section) throws IOException {
    System.out.println(section);
    System.out.flush();
  }
}
