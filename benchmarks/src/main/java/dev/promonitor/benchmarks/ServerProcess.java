package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server under test in a process of its own: the runner jar, or the bare simpleclient server. */
final class ServerProcess implements AutoCloseable {

  private static final Pattern SERVING =
      Pattern.compile("serving metrics on https?://127\\.0\\.0\\.1:(\\d+)/metrics");

  private final Process process;
  final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code command} and waits for its "serving metrics on" line. */
  static ServerProcess start(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ended) {
                // the process ended
              }
            },
            "bench-server-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() - deadline < 0) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (!process.isAlive()) {
          break;
        }
        continue;
      }
      Matcher matcher = SERVING.matcher(line);
      if (matcher.find()) {
        return new ServerProcess(process, Integer.parseInt(matcher.group(1)));
      }
    }
    process.destroyForcibly();
    throw new IOException("no 'serving metrics on' line from " + command + "; lines: " + lines);
  }

  static List<String> java(String... arguments) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(arguments));
    return command;
  }

  long rssKb() throws IOException {
    return statusKb("VmRSS:");
  }

  /** The most resident memory the process had so far. */
  long peakRssKb() throws IOException {
    return statusKb("VmHWM:");
  }

  private long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  /** The CPU time the process has used so far, user and system. */
  java.time.Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  long threads() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring(8).trim());
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
