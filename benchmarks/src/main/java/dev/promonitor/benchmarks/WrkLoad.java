package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk -c 200 -t 2 -d 20s --latency} on {@code /metrics}, and for the runner whether any
 * instance missed a run meanwhile: each instance's runs and skipped runs are read before and
 * after, and every instance must have had a run for each second of the load (1 s interval).
 */
final class WrkLoad {

  private static final Pattern LATENCY = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
  private static final Pattern RUNS =
      Pattern.compile("^monitor_exporter_runs_total\\{exporter=\"([^\"]+)\",type=\"[^\"]+\",result=\"success\",} ([0-9.E]+)$");
  private static final Pattern SKIPPED =
      Pattern.compile("^monitor_exporter_skipped_runs_total\\{exporter=\"([^\"]+)\",type=\"[^\"]+\",} ([0-9.E]+)$");
  private static final int SECONDS = 20;

  private WrkLoad() {}

  /** Runs wrk and returns a line of its figures (and of the runs, for the runner). */
  static String run(String server, int port, boolean runner) throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-c", "200", "-t", "2", "-d", SECONDS + "s", "--latency",
        "http://127.0.0.1:" + port + "/metrics");
    Map<String, long[]> before = runner ? runs(port) : Map.of();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return "- " + server + ": wrk is not installed (`apt-get install wrk`)\n";
    }
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    process.waitFor();
    String runs = runner ? "; " + missed(before, runs(port)) : "";
    String p50 = "?";
    String p99 = "?";
    String rate = "?";
    String errors = "0";
    String non2xx = "0";
    for (String line : output.split("\n")) {
      Matcher latency = LATENCY.matcher(line);
      if (latency.find()) {
        double value = Double.parseDouble(latency.group(2));
        double millis = switch (latency.group(3)) {
          case "us" -> value / 1000;
          case "s" -> value * 1000;
          default -> value;
        };
        if (latency.group(1).equals("50")) {
          p50 = String.format(Locale.ROOT, "%.2f", millis);
        } else {
          p99 = String.format(Locale.ROOT, "%.2f", millis);
        }
      } else if (line.startsWith("Requests/sec:")) {
        rate = line.substring(13).strip();
      } else if (line.strip().startsWith("Socket errors:")) {
        errors = line.strip().substring(14).strip();
      } else if (line.strip().startsWith("Non-2xx or 3xx responses:")) {
        non2xx = line.strip().substring(25).strip();
      }
    }
    return "- `" + String.join(" ", command).replace(String.valueOf(port), "PORT") + "` on " + server
        + ": " + rate + " requests/s, p50 " + p50 + " ms, p99 " + p99 + " ms, non-2xx " + non2xx
        + ", socket errors: " + errors + runs + "\n";
  }

  /** Each instance's successful and skipped runs so far. */
  private static Map<String, long[]> runs(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, long[]> runs = new HashMap<>();
    for (String line : response.body().split("\n")) {
      Matcher success = RUNS.matcher(line);
      Matcher skipped = SKIPPED.matcher(line);
      if (success.matches()) {
        runs.computeIfAbsent(success.group(1), name -> new long[2])[0] =
            (long) Double.parseDouble(success.group(2));
      } else if (skipped.matches()) {
        runs.computeIfAbsent(skipped.group(1), name -> new long[2])[1] =
            (long) Double.parseDouble(skipped.group(2));
      }
    }
    return runs;
  }

  private static String missed(Map<String, long[]> before, Map<String, long[]> after) {
    long fewest = Long.MAX_VALUE;
    long skipped = 0;
    int behind = 0;
    for (Map.Entry<String, long[]> entry : after.entrySet()) {
      long[] start = before.getOrDefault(entry.getKey(), new long[2]);
      long ran = entry.getValue()[0] - start[0];
      fewest = Math.min(fewest, ran);
      skipped += entry.getValue()[1] - start[1];
      if (ran < SECONDS) {
        behind++;
      }
    }
    return String.format(Locale.ROOT,
        "runs during the load: fewest %d per instance (%d s at a 1 s interval), %d skipped, %d of %d"
            + " instances with fewer than %d", fewest, SECONDS, skipped, behind, after.size(), SECONDS);
  }
}
