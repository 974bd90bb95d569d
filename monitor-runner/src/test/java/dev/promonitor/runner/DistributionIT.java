package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: the tar.gz that the build attached, unpacked elsewhere than
 * where the build made it, started with {@code bin/promonitor} under dash (Debian's {@code sh}).
 */
class DistributionIT {

  private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();
  private Path home;
  private Path exportersDir;

  @BeforeEach
  void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("promonitor.dist.tar"));
    assertThat(tarball).isRegularFile();
    Path unpacked = Files.createDirectories(work.resolve("opt"));
    ExternalProcesses.Finished tar =
        processes.run(work, List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
    assertThat(tar.exitCode()).as(tar.stderr()).isZero();
    try (var entries = Files.list(unpacked)) {
      home = entries.findFirst().orElseThrow();
    }
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
  }

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private static Path dash() {
    Optional<Path> dash = ExternalProcesses.onPath("dash");
    assumeThat(dash).as("dash is installed").isPresent();
    return dash.orElseThrow();
  }

  private Path launcher() {
    return home.resolve("bin").resolve("promonitor");
  }

  private ExternalProcesses.Finished launch(Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(dash().toString(), launcher().toString()));
    command.addAll(List.of(args));
    return processes.run(work, command, "", env);
  }

  @Test
  void tarGzHoldsAnExecutableLauncherTheJarsAndTheClassDataArchive() throws IOException {
    assertThat(Files.getPosixFilePermissions(launcher()))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(home.resolve("lib").resolve("promonitor.jsa")).isRegularFile();
    try (var jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString()))
          .anyMatch(name -> name.startsWith("monitor-runner-"))
          .anyMatch(name -> name.startsWith("monitor-core-"))
          .anyMatch(name -> name.startsWith("log4j-core-"));
    }
  }

  @Test
  void servesAndStopsOnSigtermWithTheArchiveMappedAfterUnpackingElsewhere() throws Exception {
    Path config =
        Files.writeString(
            work.resolve("config.yml"),
            """
            app:
              export_interval_seconds: 1
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
              - type: it_gauge
                name: first
                config:
                  labels: [a]
            """);
    List<String> command =
        List.of(
            dash().toString(),
            launcher().toString(),
            "--config-file",
            config.toString(),
            "--exporters-dir",
            exportersDir.toString());
    // -Xshare:on: the JVM refuses to start unless it maps the archive, so this proves it is used.
    ExternalProcesses.Started runner =
        processes.start(work, command, Map.of("JAVA_OPTS", "-Xshare:on"));

    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));
    String body =
        processes
            .awaitHttp(
                "http://127.0.0.1:" + port + "/metrics",
                response -> response.body().contains("it_plugin_value{label=\"a\",} 7.0"))
            .body();
    assertThat(body).contains("monitor_exporter_up{exporter=\"first\",type=\"it_gauge\",} 1.0");

    runner.process().toHandle().destroy();
    assertThat(runner.process().waitFor(ExternalProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .isTrue();
    assertThat(runner.process().exitValue()).as(runner.output()).isZero();
  }

  @Test
  void theArchivesAreMappedWhereTheyWereMadeToBeWithoutMovingThem() throws Exception {
    ExternalProcesses.Finished mapped =
        launch(Map.of("JAVA_OPTS", "-Xshare:on -Xlog:cds=info"), "--version");

    assertThat(mapped.exitCode()).as(mapped.stderr()).isZero();
    assertThat(mapped.stdout() + mapped.stderr())
        .containsPattern("Mapped static +region #0 at base 0x0000000800")
        .doesNotContain("always map archive(s) at an alternative address");
  }

  @Test
  void dryRunAndOnceTakeTheirOwnClassesFromTheArchive() throws Exception {
    Path config =
        Files.writeString(
            work.resolve("short.yml"),
            """
            exporters:
              - type: it_gauge
                name: first
                config:
                  labels: [a]
            """);
    Map<String, String> classLoading = Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info");
    ExternalProcesses.Finished dryRun =
        launch(classLoading, "--config-file", config.toString(), "--exporters-dir",
            exportersDir.toString(), "--dry-run");
    ExternalProcesses.Finished once =
        launch(classLoading, "--config-file", config.toString(), "--exporters-dir",
            exportersDir.toString(), "--once");

    assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
    assertThat(dryRun.stdout())
        .contains("dev.promonitor.runner.internal.DryRunReport source: shared objects file");
    assertThat(once.exitCode()).as(once.stderr()).isZero();
    assertThat(once.stdout())
        .contains("dev.promonitor.core.OnceRunner source: shared objects file");
  }

  @Test
  void withoutTheArchiveStartsWithoutAWord() throws Exception {
    Files.delete(home.resolve("lib").resolve("promonitor.jsa"));
    ExternalProcesses.Finished missing = launch(Map.of(), "--version");
    assertThat(missing.exitCode()).isZero();
    assertThat(missing.stdout()).startsWith("promonitor ");
    assertThat(missing.stderr()).isEmpty();
  }

  @Test
  void aJarChangedSinceTheArchiveWasMadeStartsWithoutAWord() throws Exception {
    Path jar;
    try (var jars = Files.list(home.resolve("lib"))) {
      jar = jars.filter(path -> path.getFileName().toString().startsWith("monitor-api-"))
          .findFirst()
          .orElseThrow();
    }
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
    ExternalProcesses.Finished changed = launch(Map.of(), "--version");
    assertThat(changed.exitCode()).isZero();
    assertThat(changed.stdout()).startsWith("promonitor ");
    assertThat(changed.stderr()).isEmpty();

    ExternalProcesses.Finished required = launch(Map.of("JAVA_OPTS", "-Xshare:on"), "--version");
    assertThat(required.exitCode()).as("the archive really is refused").isNotZero();
  }

  @Test
  void anotherJavaVersionStartsWithoutAWord() throws Exception {
    assumeThat(TEMURIN_25.resolve("bin").resolve("java")).as("Temurin 25 is installed").isExecutable();
    ExternalProcesses.Finished other =
        launch(Map.of("JAVA_HOME", TEMURIN_25.toString()), "--version");
    assertThat(other.exitCode()).as(other.stderr()).isZero();
    assertThat(other.stdout()).contains("java version: 25");
    assertThat(other.stderr()).isEmpty();
  }

  @Test
  void javaWinsOverJavaHomeAndJavaOptsComeAfterTheDefaults() throws Exception {
    Path record = work.resolve("args.txt");
    Path java = recordingJava(work, record);

    ExternalProcesses.Finished viaJava =
        launch(
            Map.of("JAVA", java.toString(), "JAVA_HOME", "/nonexistent", "JAVA_OPTS", "-Dpromonitor.test=1 -Xmx300m"),
            "--version");
    assertThat(viaJava.exitCode()).as(viaJava.stderr()).isZero();
    List<String> args = Files.readAllLines(record);
    assertThat(args).contains("-XX:+UseSerialGC", "-Dpromonitor.test=1", "dev.promonitor.runner.Main", "--version");
    assertThat(args.indexOf("-Xmx300m")).as("JAVA_OPTS after the defaults").isGreaterThan(args.indexOf("-XX:+UseSerialGC"));
    String archiveOption = "-XX:SharedArchiveFile=" + home.toRealPath().resolve("lib");
    assertThat(args).anyMatch(arg -> arg.startsWith(archiveOption));

    Files.delete(record);
    ExternalProcesses.Finished viaHome =
        launch(Map.of("JAVA_HOME", work.toString()), "--version");
    assertThat(viaHome.exitCode()).as(viaHome.stderr()).isZero();
    assertThat(record).as("$JAVA_HOME/bin/java ran").isRegularFile();

    ExternalProcesses.Finished off =
        launch(Map.of("JAVA_HOME", work.toString(), "PROMONITOR_CDS", "off"), "--version");
    assertThat(off.exitCode()).isZero();
    assertThat(Files.readAllLines(record)).noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void trimsTheCHeapOnlyWithAJavaWhoseOptionIsAProductOne() throws Exception {
    // A Java home of its own: the launcher reads the version from its release file.
    Path record = work.resolve("trim-args.txt");
    Path jdk = work.resolve("jdk");
    recordingJava(jdk, record);
    String trim = "-XX:TrimNativeHeapInterval=5000";

    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"17.0.15\"\n");
    assertThat(recordedLaunch(jdk, record, Map.of())).contains(trim);

    // 17.0.9 and 17.0.10 have it as an experimental option only; an unknown one stops the JVM.
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.10\"\n");
    assertThat(recordedLaunch(jdk, record, Map.of())).doesNotContain(trim);
  }

  @Test
  void theLauncherUnmapsTheStacksOfEndedThreadsAndKeepsTunablesOfYourOwn() throws Exception {
    Path record = work.resolve("tunables-args.txt");
    Path jdk = work.resolve("jdk");
    recordingJava(jdk, record);
    String unmapped = "glibc.pthread.stack_cache_size=0";

    assertThat(recordedLaunch(jdk, record, Map.of())).contains("GLIBC_TUNABLES=" + unmapped);
    String own = "glibc.malloc.trim_threshold=1";
    assertThat(recordedLaunch(jdk, record, Map.of("GLIBC_TUNABLES", own)))
        .contains("GLIBC_TUNABLES=" + own + ":" + unmapped);
    String ownCache = "glibc.pthread.stack_cache_size=4194304";

    assertThat(recordedLaunch(jdk, record, Map.of("GLIBC_TUNABLES", ownCache)))
        .contains("GLIBC_TUNABLES=" + ownCache);
  }

  /**
   * Runs {@code promonitor --version} with {@code jdk} as {@code JAVA_HOME} and more environment,
   * expects it to succeed, and returns what the {@link #recordingJava} of {@code jdk} recorded.
   */
  private List<String> recordedLaunch(Path jdk, Path record, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("JAVA_HOME", jdk.toString());
    ExternalProcesses.Finished finished = launch(all, "--version");
    assertThat(finished.exitCode()).as(finished.stderr()).isZero();
    return Files.readAllLines(record);
  }

  /**
   * Writes {@code home/bin/java}: a java that records its arguments in {@code record}, one a line,
   * and last the {@code GLIBC_TUNABLES} it was given, then runs the real one.
   */
  private static Path recordingJava(Path home, Path record) throws IOException {
    Path java = home.resolve("bin").resolve("java");
    Files.createDirectories(java.getParent());
    Files.writeString(
        java,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" \"GLIBC_TUNABLES=${GLIBC_TUNABLES:-}\" > '" + record + "'\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
    java.toFile().setExecutable(true);
    return java;
  }
}
