package dev.promonitor.runner.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTrainingTest {

  @TempDir Path work;

  @Test
  void theRunsListsBecomeOneListOfEachClassOnceWithoutLoaderIdsPluginClassesOrProxies()
      throws Exception {
    Path serve =
        Files.writeString(
            work.resolve("serve.classlist"),
            """
            # NOTE: Do not modify this file.
            java/lang/Object id: 0
            dev/promonitor/core/ExporterHost id: 12
            jdk/proxy1/$Proxy0 id: 13
            dev/promonitor/benchmarks/plugin/NoopExporter id: 14 super: 0 source: /x/plugin.jar
            @lambda-proxy dev/promonitor/runner/Main run ()Ljava/lang/Runnable;
            """);
    Path dryRun =
        Files.writeString(
            work.resolve("dry-run.classlist"),
            """
            java/lang/Object id: 0
            dev/promonitor/runner/internal/DryRunReport id: 12
            dev/promonitor/core/ExporterHost id: 40
            @lambda-proxy dev/promonitor/runner/Main run ()Ljava/lang/Runnable;
            """);
    Path merged = work.resolve("promonitor.classlist");

    int classes = ArchiveTraining.merge(List.of(serve, dryRun), merged);

    assertThat(Files.readAllLines(merged))
        .containsExactly(
            "java/lang/Object",
            "dev/promonitor/core/ExporterHost",
            "@lambda-proxy dev/promonitor/runner/Main run ()Ljava/lang/Runnable;",
            "dev/promonitor/runner/internal/DryRunReport");
    assertThat(classes).isEqualTo(3);
  }
}
