package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardFlagTest {

  @TempDir Path work;
  private Path exportersDir;
  private Path config;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeConfig() throws IOException {
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    StringBuilder yaml = new StringBuilder("app:\n  shard_count: 2\n  shard_index: 0\nexporters:\n");
    for (int entry = 0; entry < 8; entry++) {
      yaml.append("  - {type: it_gauge, name: g").append(entry).append(", config: {labels: [a]}}\n");
    }
    yaml.append("  - {type: it_gauge, name: local, sharding: all, config: {labels: [a]}}\n");
    config = Files.writeString(work.resolve("config.yml"), yaml);
  }

  private int run(String... args) {
    return Main.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dryRunShowsTheShardAndWhichEntriesItRuns() {
    int exitCode =
        run("--config-file", config.toString(), "--exporters-dir", exportersDir.toString(), "--dry-run");

    assertThat(exitCode).isZero();
    assertThat(out())
        .containsPattern("Shard 0/2: runs \\d of the 9 enabled entries")
        .containsPattern(Pattern.compile("^  - it_gauge\\.g\\d \\(on shard 1\\)$", Pattern.MULTILINE))
        .containsPattern(Pattern.compile("^  - it_gauge\\.g\\d: type it_gauge", Pattern.MULTILINE))
        .contains("  - it_gauge.local: type it_gauge, name local", ", on every shard");
  }

  @Test
  void shardFlagReplacesTheFilesShard() {
    int exitCode =
        run(
            "--config-file", config.toString(),
            "--exporters-dir", exportersDir.toString(),
            "--shard", "2/3",
            "--dry-run");

    assertThat(exitCode).isZero();
    assertThat(out()).containsPattern("Shard 2/3: runs \\d of the 9 enabled entries");
    assertThat(out()).doesNotContain("(on shard 2)").contains("(on shard 0)");
  }

  @Test
  void aMalformedShardFlagIsAUsageError() {
    int exitCode = run("--config-file", config.toString(), "--shard", "3/3", "--dry-run");

    assertThat(exitCode).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("promonitor: --shard: expecting INDEX between 0 and COUNT - 1 (2). Found: 3/3\n");
  }

  @Test
  void anIndexOutsideTheCountIsAConfigErrorWithItsLineAndExitsWith2() throws IOException {
    Path outside =
        Files.writeString(work.resolve("outside.yml"), "app:\n  shard_count: 3\n  shard_index: 3\n");

    int exitCode = run("--config-file", outside.toString(), "--dry-run");

    assertThat(exitCode).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(outside + ":3:16: app.shard_index: expecting value < app.shard_count (3). Found: 3");
  }
}
