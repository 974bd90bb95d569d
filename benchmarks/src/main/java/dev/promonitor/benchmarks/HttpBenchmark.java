package dev.promonitor.benchmarks;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * HTTP load and starvation: the runner jar with 100 {@code bench_noop} instances against a bare
 * simpleclient {@code HTTPServer} serving as many series, both processes of their own, in the same
 * run. Scrape latency on new and kept-alive connections; scrapes while 500 connections send half a
 * request or nothing (and, over TLS, half a ClientHello); scrapes during a flood of wrong
 * passwords; and {@code wrk -c 200 -t 2 -d 20s}.
 */
final class HttpBenchmark {

  private static final int INSTANCES = 100;
  private static final int SLOW = 500;
  private static final int TIMEOUT_MS = 5_000;
  private static final String USER = "prometheus";
  private static final String PASSWORD = "scrape-me";

  /**
   * The parts to run ({@code bench.http.cases}, or {@code bench.http.only}): scrapes, slow, wrk,
   * tls, auth, separated by commas; all by default. {@code -Dbench.http.only=auth} measures the
   * basic auth cases alone, which take a minute.
   */
  private static final List<String> CASES =
      List.of(
          System.getProperty(
                  "bench.http.cases",
                  System.getProperty("bench.http.only", "scrapes,slow,wrk,tls,auth"))
              .split(","));

  /** Fresh processes per server for the scrape cases ({@code bench.rounds}), pooled. */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);

  /**
   * The runner's launcher ({@code bench.http.launcher}, for example {@code
   * monitor-runner/target/promonitor/bin/promonitor}) to start it with its JVM defaults; empty
   * (the default) for {@code java -jar} with the JVM's own.
   */
  private static final String LAUNCHER = System.getProperty("bench.http.launcher", "");

  /** The instances' {@code export_interval_seconds} ({@code bench.http.interval}). */
  private static final String INTERVAL = System.getProperty("bench.http.interval", "1");

  private final Path runnerJar;
  private final Path pluginDir;
  private final Path workDir;
  private final Table table =
      new Table("server", "case", "scrapes", "median ms", "p99 ms", "max ms", "failed", "note");

  private HttpBenchmark(Path runnerJar, Path pluginDir, Path workDir) {
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
    return new HttpBenchmark(runnerJar, pluginDir, workDir).measureAll();
  }

  private String measureAll() throws Exception {
    Path config = writeConfig();
    Path tls = writeTlsWebConfig();
    Path auth = Files.writeString(workDir.resolve("auth.yml"),
        "basic_auth_users:\n  " + USER + ": "
            + BCrypt.withDefaults().hashToString(10, PASSWORD.toCharArray()) + "\n");
    String wrk = "";
    for (String server : List.of("bare simpleclient", "promonitor")) {
      for (boolean keepAlive : CASES.contains("scrapes") ? List.of(false, true) : List.<Boolean>of()) {
        List<Result> first = new ArrayList<>();
        List<Result> warm = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          try (ServerProcess process = start(server, config, null)) {
            first.add(scrapes(process.port, false, null, 20, keepAlive));
            scrapes(process.port, false, null, 300, keepAlive);
            warm.add(scrapes(process.port, false, null, 50, keepAlive));
          }
        }
        String connection = keepAlive ? "kept-alive connection" : "new connections";
        record(server, "first 20 scrapes, " + connection, pooled(first));
        record(server, "50 warm scrapes (after 320), " + connection, pooled(warm));
      }
      if (!CASES.contains("slow") && !CASES.contains("wrk")) {
        continue;
      }
      try (ServerProcess process = start(server, config, null)) {
        scrapes(process.port, false, null, 100, false);
        if (CASES.contains("slow")) {
          try (Slow slow = Slow.open(process.port, false)) {
            record(server, SLOW + " slow clients (half heads, silent), new connections",
                scrapes(process.port, false, null, 20, false));
          }
        }
        if (CASES.contains("wrk")) {
          wrk += WrkLoad.run(server, process.port, !server.startsWith("bare"));
          record(server, "threads / RSS after wrk", new Result(new long[0], 0,
              process.threads() + " threads, " + process.rssKb() / 1024 + " MB RSS"));
        }
      }
    }
    if (CASES.contains("wrk")) {
      try (ServerProcess process = start("promonitor", writeConfig(200), null)) {
        scrapes(process.port, false, null, 100, false);
        wrk += WrkLoad.run("promonitor with `max_requests: 200`", process.port, true);
      }
    }
    if (CASES.contains("tls")) {
      tls(config, tls);
    }
    if (CASES.contains("auth")) {
      auth(config, auth);
    }
    return "### http: load and starvation of the endpoint\n\n"
        + table.render()
        + "\n" + wrk
        + "\nEach server is a process of its own with " + INSTANCES + " series (the runner: "
        + INSTANCES + " `bench_noop` instances, async, " + INTERVAL + " s interval, started with "
        + (LAUNCHER.isEmpty() ? "`java -jar`" : "`" + LAUNCHER + "`")
        + "; the baseline: simpleclient's"
        + " `HTTPServer` with one gauge of " + INSTANCES + " label values and the JVM's metrics)."
        + " Scrapes are sequential GET /metrics on plain sockets, each timed to its last byte, with a "
        + TIMEOUT_MS + " ms limit (a scrape past it counts as failed). Slow clients: " + SLOW
        + " connections, half of them sending `GET /metrics HTTP/1.1` and one header without the"
        + " blank line (or, over TLS, the first 10 bytes of a ClientHello), half sending nothing,"
        + " all kept open during the scrapes. The flood: threads that each send requests with a"
        + " wrong password in a loop (bcrypt cost 10), the valid scrapes use credentials checked"
        + " before. The scrape cases start each server afresh " + ROUNDS + " time(s)"
        + " (`bench.rounds`) and pool the rounds' scrapes.\n";
  }

  private void tls(Path config, Path tls) throws Exception {
    try (ServerProcess process = start("promonitor", config, tls)) {
      scrapes(process.port, true, null, 100, false);
      record("promonitor TLS", "20 scrapes, new TLS connections", scrapes(process.port, true, null, 20, false));
      try (Slow slow = Slow.open(process.port, true)) {
        record("promonitor TLS", SLOW + " half ClientHellos and silent, new TLS connections",
            scrapes(process.port, true, null, 20, false));
      }
    }
  }

  private void auth(Path config, Path auth) throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(UTF_8));
    try (ServerProcess process = start("promonitor", config, auth)) {
      scrapes(process.port, false, basic, 100, false);
      record("promonitor basic auth", "20 scrapes, no flood", scrapes(process.port, false, basic, 20, false));
      for (int flooders : new int[] {50, 200}) {
        long wallBefore = System.nanoTime();
        java.time.Duration serverBefore = process.cpu();
        java.time.Duration clientsBefore = clientCpu();
        try (Flood flood = Flood.start(process.port, flooders)) {
          Result during = scrapes(process.port, false, basic, 20, false);
          double wall = System.nanoTime() - wallBefore;
          // Where the 2 cores go: the server, or the flood's own threads in this JVM.
          String cpu = String.format(Locale.ROOT, "; CPU: server %.0f %%, flooding clients %.0f %% of a core",
              100 * process.cpu().minus(serverBefore).toNanos() / wall,
              100 * clientCpu().minus(clientsBefore).toNanos() / wall);
          record("promonitor basic auth", "20 scrapes during " + flooders + " wrong-password clients",
              new Result(during.nanos(), during.failed(), flood.summary() + cpu));
        }
      }
    }
  }

  private ServerProcess start(String server, Path config, @Nullable Path webConfig)
      throws IOException, InterruptedException {
    if (server.startsWith("bare")) {
      String classpath = System.getProperty("java.class.path");
      return ServerProcess.start(
          ServerProcess.java("-cp", classpath, BareHttpServer.class.getName(), String.valueOf(INSTANCES)));
    }
    List<String> command = new ArrayList<>();
    if (LAUNCHER.isEmpty()) {
      command.addAll(ServerProcess.java("-jar", runnerJar.toAbsolutePath().toString()));
    } else {
      command.add(Path.of(LAUNCHER).toAbsolutePath().toString());
    }
    command.addAll(List.of(
        "--config-file", config.toAbsolutePath().toString(),
        "--exporters-dir", pluginDir.toAbsolutePath().toString()));
    if (webConfig != null) {
      command.add("--web-config-file");
      command.add(webConfig.toAbsolutePath().toString());
    }
    return ServerProcess.start(command);
  }

  private Path writeConfig() throws IOException {
    return writeConfig(0);
  }

  /** The config of 100 instances, with {@code max_requests} when it is not 0. */
  private Path writeConfig(int maxRequests) throws IOException {
    StringBuilder yaml = new StringBuilder(
        "app:\n  execution_mode: async\n  export_interval_seconds: " + INTERVAL + "\n"
            + (maxRequests > 0 ? "  max_requests: " + maxRequests + "\n" : "")
            + "  prometheus_host: 127.0.0.1\n  prometheus_port: 0\nexporters:\n");
    for (int i = 0; i < INSTANCES; i++) {
      yaml.append("  - type: bench_noop\n    name: n").append(i).append('\n');
    }
    return Files.writeString(
        workDir.resolve("http-" + INSTANCES + (maxRequests > 0 ? "-" + maxRequests : "") + ".yml"),
        yaml);
  }

  /** A self-signed certificate and its key as PEM files, and a web config that serves them. */
  private Path writeTlsWebConfig() throws Exception {
    Path store = workDir.resolve("server.p12");
    Files.deleteIfExists(store);
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed");
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) keys.getKey("server", "changeit".toCharArray());
    Certificate certificate = keys.getCertificate("server");
    Files.writeString(workDir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
    Files.writeString(workDir.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));
    return Files.writeString(workDir.resolve("tls.yml"),
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(ISO_8859_1)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static java.time.Duration clientCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  /** Scrape times in nanoseconds, and how many failed or passed the time limit. */
  record Result(long[] nanos, int failed, String note) {}

  private static Result scrapes(int port, boolean tls, @Nullable String authorization, int count,
      boolean keepAlive) {
    long[] nanos = new long[count];
    int done = 0;
    int failed = 0;
    Probe kept = null;
    try {
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        try {
          if (!keepAlive || kept == null) {
            if (kept != null) {
              kept.close();
            }
            kept = Probe.open(port, tls, TIMEOUT_MS);
          }
          int status = kept.get("/metrics", authorization);
          if (status != 200) {
            failed++;
            kept.close();
            kept = null;
            continue;
          }
          nanos[done++] = System.nanoTime() - start;
        } catch (IOException e) {
          failed++;
          kept = null;
        } finally {
          if (!keepAlive && kept != null) {
            try {
              kept.close();
            } catch (IOException e) {
              // closing
            }
            kept = null;
          }
        }
      }
    } finally {
      if (kept != null) {
        try {
          kept.close();
        } catch (IOException e) {
          // closing
        }
      }
    }
    return new Result(Arrays.copyOf(nanos, done), failed, "");
  }

  /** The scrapes of several rounds as one result; the note gives each round's median. */
  private static Result pooled(List<Result> rounds) {
    if (rounds.size() == 1) {
      return rounds.get(0);
    }
    long[] all = new long[0];
    int failed = 0;
    List<String> medians = new ArrayList<>();
    for (Result round : rounds) {
      long[] sorted = round.nanos().clone();
      Arrays.sort(sorted);
      medians.add(sorted.length == 0 ? "—" : ms(sorted[sorted.length / 2]));
      int start = all.length;
      all = Arrays.copyOf(all, start + sorted.length);
      System.arraycopy(sorted, 0, all, start, sorted.length);
      failed += round.failed();
    }
    return new Result(all, failed, rounds.size() + " rounds pooled; medians " + String.join(", ", medians) + " ms");
  }

  private void record(String server, String what, Result result) {
    long[] sorted = result.nanos().clone();
    Arrays.sort(sorted);
    boolean any = sorted.length > 0;
    table.row(
        server,
        what,
        String.valueOf(sorted.length + result.failed()),
        any ? ms(sorted[sorted.length / 2]) : "—",
        any ? ms(sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]) : "—",
        any ? ms(sorted[sorted.length - 1]) : "—",
        String.valueOf(result.failed()),
        result.note());
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  /** Connections that send half a request (or half a ClientHello) or nothing, held open. */
  private static final class Slow implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static Slow open(int port, boolean tls) throws IOException {
      Slow slow = new Slow();
      byte[] partial = tls
          ? new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03}
          : "GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(ISO_8859_1);
      for (int i = 0; i < SLOW; i++) {
        Socket socket = Probe.raw(port);
        slow.sockets.add(socket);
        if (i % 2 == 0) {
          OutputStream out = socket.getOutputStream();
          out.write(partial);
          out.flush();
        }
      }
      return slow;
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Threads that send wrong passwords as fast as the server answers. */
  private static final class Flood implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final long started = System.nanoTime();

    static Flood start(int port, int count) {
      Flood flood = new Flood();
      String wrong = "Basic " + Base64.getEncoder().encodeToString((USER + ":guess").getBytes(UTF_8));
      for (int i = 0; i < count; i++) {
        Thread thread = new Thread(() -> {
          while (flood.running.get()) {
            try (Probe probe = Probe.open(port, false, TIMEOUT_MS)) {
              while (flood.running.get()) {
                int status = probe.get("/metrics", wrong);
                flood.answered.incrementAndGet();
                if (status == 429) {
                  flood.busy.incrementAndGet();
                  break;
                }
              }
            } catch (IOException e) {
              // a closed or refused connection: open another
            }
          }
        }, "bench-flood-" + i);
        thread.setDaemon(true);
        thread.start();
        flood.threads.add(thread);
      }
      return flood;
    }

    String summary() {
      double seconds = (System.nanoTime() - started) / 1e9;
      return String.format(Locale.ROOT, "flood: %.0f answers/s, %d%% of them 429",
          answered.get() / seconds, answered.get() == 0 ? 0 : 100 * busy.get() / answered.get());
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }
  }
}
