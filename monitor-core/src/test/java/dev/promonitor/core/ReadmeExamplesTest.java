package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.QueueDepthConfig;
import dev.promonitor.core.testing.QueueDepthExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterSchedule;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's embedding examples, compiled here, and a check that the README still shows them. */
class ReadmeExamplesTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path THIS_SOURCE =
      Path.of("src", "test", "java", "dev", "promonitor", "core", "ReadmeExamplesTest.java");

  @SuppressWarnings("unused") // compiled, not run: it would read exporters.yml from the working dir
  private static void asADependency() {
    ExporterHost host = ExporterHost.builder()
        .configFile(Path.of("exporters.yml"))          // exporters found on the class path
        .registry(CollectorRegistry.defaultRegistry)   // the registry the application serves
        .build();
    host.start();
    // ... when the application stops:
    host.close();
  }

  @SuppressWarnings("unused") // compiled, not run: its fixed port may be taken on a shared machine
  private static ExporterHost asAnEmbeddedHost() {
    ExporterHost host = ExporterHost.builder()
        .app(AppSettings.builder()
            .prometheusHost("127.0.0.1")
            .prometheusPort(9400)
            .exportInterval(Duration.ofSeconds(15))
            .build())
        .exporter(QueueDepthExporter.class, "orders", new QueueDepthConfig(List.of("orders"), null))
        .exporter(QueueDepthExporter.class, "billing", new QueueDepthConfig(List.of("invoices"), null),
            ExporterSchedule.every(Duration.ofMinutes(1)).withTimeout(Duration.ofSeconds(20)))
        .serveHttp(true)
        .build();
    host.start();
    return host;
  }

  @Test
  void readmeShowsTheEmbeddingExamplesCompiledHere() throws IOException {
    String readme = Files.readString(README);
    String section =
        readme.substring(
            readme.indexOf("## Using it inside an application"),
            readme.indexOf("## Moving from the Python framework"));
    String source = normalize(Files.readString(THIS_SOURCE));

    List<String> blocks = javaBlocks(section);

    assertThat(blocks).hasSize(2);
    assertThat(blocks).allSatisfy(block -> assertThat(source).contains(normalize(block)));
  }

  @Test
  void embeddedHostExampleBuildsItsExportersWithTheirSchedules() {
    // Built but not started: the example's fixed port may be taken on a shared machine.
    ExporterHost host =
        ExporterHost.builder()
            .app(AppSettings.builder().exportInterval(Duration.ofSeconds(15)).build())
            .exporter(QueueDepthExporter.class, "orders", new QueueDepthConfig(List.of("orders"), null))
            .exporter(
                QueueDepthExporter.class,
                "billing",
                new QueueDepthConfig(List.of("invoices"), null),
                ExporterSchedule.every(Duration.ofMinutes(1)).withTimeout(Duration.ofSeconds(20)))
            .build();

    assertThat(host.config().exporters())
        .extracting(entry -> entry.qualifiedName() + " every " + entry.schedule().interval())
        .containsExactly("queue_depth.orders every PT15S", "queue_depth.billing every PT1M");
    host.close();
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  /** One line per statement line, without indentation, so that only the words are compared. */
  private static String normalize(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).reduce("", (a, b) -> a + "\n" + b);
  }
}
