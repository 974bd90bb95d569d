package dev.promonitor.benchmarks;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.ExecutionMode;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Scale: 10,000 trivial exporters with a 1 s interval. Measures, over a window after a warm-up, the
 * CPU that the process uses (harness included), how late each run starts after it was due, and
 * the threads that the host keeps meanwhile.
 *
 * <p>Run {@code k} of instance {@code i} is due at {@code S + offset(i) + k × 1 s}, where {@code S}
 * is the host's start, which the harness cannot read, and {@code offset(i)} is 0 without jitter,
 * else the instance's jitter offset. The harness places each start of the window, less its offset,
 * on a circle of 1 s and takes for {@code S} the end of the largest arc where no run starts: since
 * the timer never starts a run before it is due, the due time lies at or before the first start
 * after that gap, so the lateness reported is never more than the real one (as long as the runs of
 * one due time spread over less than the rest of the second).
 *
 * <p>{@code -Dbench.scale.threads=N} sets the hosts' {@code app.threads} (default: unset, the
 * host's default), as to compare one worker with more.
 */
final class ScaleBenchmark {

  private static final int INSTANCES = 10_000;
  /** The hosts' {@code app.threads}, {@code -Dbench.scale.threads=N}; the default when unset. */
  private static final @Nullable Integer THREADS = Integer.getInteger("bench.scale.threads");
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final int MAX_RUNS = 50;

  private ScaleBenchmark() {}

  static String run() throws InterruptedException {
    Table table =
        new Table(
            "mode",
            "CPU % of one core",
            "runs in window",
            "lateness p50 ms",
            "p99 ms",
            "max ms",
            "promonitor threads",
            "CPU target < 10 %",
            "p99 target < 20 ms");
    StringBuilder notes = new StringBuilder();
    measure(ExecutionMode.ASYNC, Duration.ZERO, table, notes);
    measure(ExecutionMode.MULTITHREADED, Duration.ZERO, table, notes);
    measure(ExecutionMode.ASYNC, Duration.ofSeconds(1), table, notes);
    return "### scale: " + INSTANCES + " trivial exporters, 1 s interval, "
        + (THREADS == null ? "default threads (32)" : "threads " + THREADS) + "\n\n"
        + "The harness's JVM, in which the hosts run: " + jvm() + ".\n\n"
        + table.render()
        + "\nCPU = process CPU time / wall time over a " + WINDOW.toSeconds() + " s window after a "
        + WARM_UP.toSeconds() + " s warm-up (the harness's own recording included). Lateness = run"
        + " start − due, due = S + k × 1 s, where S, the host's start, is estimated as late as"
        + " the data allow (no run starts before it is due: S is where the largest gap between"
        + " the starts, taken modulo 1 s, ends), so the lateness is a lower bound. With"
        + " `jitter_seconds: 1`, due times include each instance's jitter offset, computed as the"
        + " scheduler does. Threads: those of promonitor (workers, invokers, scheduler) alive at"
        + " the end of the window, by name.\n\n"
        + notes;
  }

  /**
   * The collectors and the options of this JVM: the runs' pace depends on them (the launcher's
   * serial collector against the JVM's default G1, whose write barriers every run pays).
   */
  private static String jvm() {
    StringBuilder collectors = new StringBuilder();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.append(collectors.isEmpty() ? "" : ", ").append(collector.getName());
    }
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(option -> option.startsWith("-X"))
        .toList();
    return "collectors " + collectors + "; options "
        + (options.isEmpty() ? "none" : "`" + String.join(" ", options) + "`");
  }

  private static void measure(ExecutionMode mode, Duration jitter, Table table, StringBuilder notes)
      throws InterruptedException {
    boolean jittered = !jitter.isZero();
    String label = mode.configValue() + (jittered ? ", jitter_seconds " + jitter.toSeconds() : "");
    RunLog log = new RunLog(INSTANCES, MAX_RUNS, 0);
    RunLog.install(log);
    long buildStart = System.nanoTime();
    long windowStart;
    long windowEnd;
    Map<String, Long> threadCpu;
    long processCpu;
    GcTotals collections;
    String threads;
    try (ExporterHost host =
        Hosts.build(
            GaugeExporter.class, 0, INSTANCES, mode, THREADS, Duration.ofNanos(INTERVAL_NANOS), jitter)) {
      long startStart = System.nanoTime();
      host.start();
      long started = System.nanoTime();
      notes.append(
          String.format(
              Locale.ROOT,
              "- %s: building the host took %d ms, start() (init of every instance) %d ms.%n",
              label,
              (startStart - buildStart) / 1_000_000,
              (started - startStart) / 1_000_000));
      Thread.sleep(WARM_UP.toMillis());
      Map<String, Long> threadsBefore = threadCpu();
      long cpuBefore = processCpuNanos();
      GcTotals collectionsBefore = GcTotals.now();
      windowStart = System.nanoTime();
      Thread.sleep(WINDOW.toMillis());
      windowEnd = System.nanoTime();
      processCpu = processCpuNanos() - cpuBefore;
      collections = GcTotals.now().since(collectionsBefore);
      threadCpu = minus(threadCpu(), threadsBefore);
      threads = promonitorThreads();
    }
    long wall = windowEnd - windowStart;
    long jitterNanos = jitter.toNanos();
    int total = 0;
    for (int slot = 0; slot < INSTANCES; slot++) {
      total += log.runs(slot);
    }
    long[] phase = new long[total];
    int[] slotOf = new int[total];
    int inWindow = 0;
    for (int slot = 0; slot < INSTANCES; slot++) {
      long offset = jitterOffset(slot, jitterNanos);
      for (int run = 0; run < log.runs(slot); run++) {
        long start = log.startOf(slot, run);
        if (start >= windowStart && start <= windowEnd) {
          phase[inWindow] = Math.floorMod(start - offset, INTERVAL_NANOS);
          slotOf[inWindow] = slot;
          inWindow++;
        }
      }
    }
    long due = dueAfterLargestGap(java.util.Arrays.copyOf(phase, inWindow));
    long[] sample = new long[inWindow];
    for (int i = 0; i < inWindow; i++) {
      sample[i] = Math.floorMod(phase[i] - due, INTERVAL_NANOS);
    }
    Stats late = Stats.of(sample);
    double cpuPercent = 100.0 * processCpu / wall;
    long expected = INSTANCES * (wall / INTERVAL_NANOS);
    table.row(
        label,
        String.format(Locale.ROOT, "%.1f", cpuPercent),
        inWindow + " of ~" + expected,
        Stats.millis(late.median(), 2),
        Stats.millis(late.percentile(99), 2),
        Stats.millis(late.max(), 2),
        threads,
        Table.verdict(cpuPercent < 10),
        Table.verdict(late.percentile(99) < 20_000_000L));
    notes.append(
        String.format(
            Locale.ROOT,
            "- %s: CPU by thread, %% of one core: %s.%n",
            label,
            breakdown(threadCpu, processCpu, wall)));
    notes.append(
        String.format(
            Locale.ROOT,
            "- %s: %d garbage collections in the window, %d ms in all (their pauses delay the"
                + " runs of the second they fall in).%n",
            label,
            collections.count(),
            collections.millis()));
    notes.append("- " + label + ": lateness p50 / p99 ms by tenth of the instances, in the order"
        + " they were scheduled: " + byTenth(sample, slotOf) + ".\n");
  }

  /**
   * The due phase, modulo the interval: where the largest gap between the sorted phases of the
   * starts ends (the gap across the end of the interval included).
   */
  private static long dueAfterLargestGap(long[] phases) {
    if (phases.length == 0) {
      return 0;
    }
    java.util.Arrays.sort(phases);
    long due = phases[0];
    long largest = phases[0] + INTERVAL_NANOS - phases[phases.length - 1];
    for (int i = 1; i < phases.length; i++) {
      long gap = phases[i] - phases[i - 1];
      if (gap > largest) {
        largest = gap;
        due = phases[i];
      }
    }
    return due;
  }

  /** The live threads of promonitor, counted by name with any trailing number cut off. */
  private static String promonitorThreads() {
    Map<String, Integer> byName = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("promonitor-")) {
        byName.merge(name.replaceAll("-?\\d+$", ""), 1, Integer::sum);
      }
    }
    int total = byName.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder out = new StringBuilder().append(total);
    String separator = " (";
    for (Map.Entry<String, Integer> entry : byName.entrySet()) {
      out.append(separator).append(entry.getKey().substring("promonitor-".length()))
          .append(" ").append(entry.getValue());
      separator = ", ";
    }
    return out.append(byName.isEmpty() ? "" : ")").toString();
  }

  /** Lateness by tenth of the slots, to tell a burst drained in order from random delays. */
  private static String byTenth(long[] lateness, int[] slotOf) {
    StringBuilder out = new StringBuilder();
    int tenth = INSTANCES / 10;
    for (int part = 0; part < 10; part++) {
      int current = part;
      long[] values =
          java.util.stream.IntStream.range(0, lateness.length)
              .filter(i -> slotOf[i] / tenth == current)
              .mapToLong(i -> lateness[i])
              .toArray();
      if (values.length == 0) {
        continue;
      }
      Stats stats = Stats.of(values);
      out.append(part == 0 ? "" : ", ")
          .append(Stats.millis(stats.median(), 1))
          .append(" / ")
          .append(Stats.millis(stats.percentile(99), 1));
    }
    return out.toString();
  }

  /**
   * The offset of an instance's runs under a jitter bound, as {@code
   * FixedRateScheduler.firstRunOffsetNanos} computes it (copied, since the engine's class is
   * internal): SplitMix64's finalizer of the hash of the qualified name, modulo the bound.
   */
  private static long jitterOffset(int slot, long jitterNanos) {
    if (jitterNanos <= 0) {
      return 0;
    }
    long z = ("bench_gauge." + RunLog.nameOf(slot)).hashCode() + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return Math.floorMod(z ^ (z >>> 31), jitterNanos);
  }

  /** Garbage collections of this JVM, over every collector, and their time in milliseconds. */
  private record GcTotals(long count, long millis) {

    static GcTotals now() {
      long count = 0;
      long millis = 0;
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, collector.getCollectionCount());
        millis += Math.max(0, collector.getCollectionTime());
      }
      return new GcTotals(count, millis);
    }

    GcTotals since(GcTotals before) {
      return new GcTotals(count - before.count, millis - before.millis);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the live Java threads, summed by name with any trailing number cut off. */
  private static Map<String, Long> threadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        byGroup.merge(info.getThreadName().replaceAll("-?\\d+$", ""), cpu, Long::sum);
      }
    }
    return byGroup;
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((group, cpu) -> delta.put(group, cpu - before.getOrDefault(group, 0L)));
    return delta;
  }

  private static String breakdown(Map<String, Long> threadCpu, long processCpu, long wall) {
    StringBuilder out = new StringBuilder();
    long javaThreads = 0;
    for (Map.Entry<String, Long> entry : threadCpu.entrySet()) {
      javaThreads += entry.getValue();
      if (entry.getValue() * 1000 >= wall) { // 0.1 % or more
        out.append(String.format(
            Locale.ROOT, "%s %.1f, ", entry.getKey(), 100.0 * entry.getValue() / wall));
      }
    }
    out.append(String.format(
        Locale.ROOT, "JVM-internal threads (GC, JIT) %.1f", 100.0 * (processCpu - javaThreads) / wall));
    return out.toString();
  }
}
