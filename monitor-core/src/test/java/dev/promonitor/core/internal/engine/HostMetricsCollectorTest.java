package dev.promonitor.core.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.internal.exposition.Exposition;
import dev.promonitor.core.internal.exposition.Format;
import dev.promonitor.core.internal.exposition.SnapshotScrape;
import dev.promonitor.core.testing.Script;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostMetricsCollectorTest {

  private static final TaskTimer TIMER = new FakeTimer();

  private final ExporterInstance first =
      Instances.blocking("first", Script.exporting(() -> {}), Duration.ofSeconds(60), TIMER);
  private final ExporterInstance second =
      Instances.blocking("second", Script.exporting(() -> {}), Duration.ofSeconds(60), TIMER);
  private final AtomicInteger abandoned = new AtomicInteger();
  private final HostMetricsCollector collector =
      new HostMetricsCollector(
          () -> List.of(first, second), abandoned::get, new ReloadStatus(0), "test");

  private static void runOnce(ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    instance.runBlocking(ThreadAbandonment.NONE);
  }

  /** One scrape of bytes: the collector's part, assembled on the kept one when unchanged. */
  private Exposition scrape(Exposition kept) {
    SnapshotScrape scrape = new SnapshotScrape();
    assertThat(collector.collect(scrape)).isEmpty();
    return scrape.exposition(Format.TEXT, kept);
  }

  private static String written(Exposition exposition) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.writeTo(out);
    return out.toString(UTF_8);
  }

  @Test
  void theInstancesSeriesAreAssembledAgainOnlyAfterARunChangedThem() throws IOException {
    runOnce(first);
    Exposition kept = scrape(null).kept();

    assertThat(scrape(kept).kept()).isSameAs(kept);

    runOnce(second);
    Exposition after = scrape(kept);

    assertThat(after.kept()).isNotSameAs(kept);
    assertThat(written(after))
        .contains(
            "monitor_exporter_runs_total{exporter=\"first\",type=\"scripted\",result=\"success\",} 1.0")
        .contains(
            "monitor_exporter_runs_total{exporter=\"second\",type=\"scripted\",result=\"success\",} 1.0");
  }

  @Test
  void aSkippedRunChangesTheInstancesSeries() throws IOException {
    Exposition kept = scrape(null).kept();

    first.recordSkipped(2);

    Exposition after = scrape(kept);
    assertThat(after.kept()).isNotSameAs(kept);
    assertThat(written(after))
        .contains("monitor_exporter_skipped_runs_total{exporter=\"first\",type=\"scripted\",} 2.0");
  }

  @Test
  void theHostWideSeriesShowTheirValuesAtEachScrape() throws IOException {
    Exposition kept = scrape(null).kept();
    assertThat(written(scrape(kept))).contains("\nmonitor_abandoned_threads 0.0\n");

    abandoned.set(3);

    Exposition after = scrape(kept);
    assertThat(after.kept()).isSameAs(kept);
    assertThat(written(after)).contains("\nmonitor_abandoned_threads 3.0\n");
  }
}
