package dev.promonitor.core.internal.exposition;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.internal.engine.MetricsSnapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExpositionTest {

  /** What one instance of a type exports: a counter (with _created), a histogram and a gauge. */
  private static MetricsSnapshot instance(String name, int series) {
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests =
        Counter.build("requests_total", "Requests.").labelNames("instance").register(registry);
    requests.labels(name).inc(3);
    Histogram.build("latency_seconds", "Latency.").labelNames("instance").register(registry)
        .labels(name).observe(0.2);
    Gauge values = Gauge.build("value", "Values.").labelNames("instance", "i").register(registry);
    for (int i = 0; i < series; i++) {
      values.labels(name, Integer.toString(i)).set(i);
    }
    return MetricsSnapshot.copyOf(Collections.list(registry.metricFamilySamples()));
  }

  /** The families of several snapshots merged by name, as the merged registry view serves them. */
  private static List<MetricFamilySamples> merged(List<MetricsSnapshot> snapshots) {
    Map<String, MetricFamilySamples> merged = new LinkedHashMap<>();
    for (MetricsSnapshot snapshot : snapshots) {
      for (MetricFamilySamples family : snapshot.families()) {
        MetricFamilySamples previous = merged.get(family.name);
        if (previous == null) {
          merged.put(family.name, family);
        } else {
          List<MetricFamilySamples.Sample> samples = new ArrayList<>(previous.samples);
          samples.addAll(family.samples);
          merged.put(
              family.name,
              new MetricFamilySamples(previous.name, previous.type, previous.help, samples));
        }
      }
    }
    return new ArrayList<>(merged.values());
  }

  private static String simpleclient(Format format, List<MetricFamilySamples> families)
      throws IOException {
    StringWriter writer = new StringWriter();
    format.write(writer, families);
    String text = writer.toString();
    return format == Format.OPENMETRICS ? text.substring(0, text.length() - "# EOF\n".length()) : text;
  }

  private static SnapshotScrape scrapeOf(List<MetricsSnapshot> snapshots, List<String> leftOut) {
    SnapshotScrape scrape = new SnapshotScrape();
    for (int i = 0; i < snapshots.size(); i++) {
      scrape.serve(
          "bench.n" + i,
          snapshots.get(i).bytes(),
          (owner, family, served) -> leftOut.add(owner + " " + family + " " + served));
    }
    return scrape;
  }

  private static String written(Exposition exposition) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exposition.writeTo(out);
    assertThat((long) out.size()).isEqualTo(exposition.length());
    return out.toString(UTF_8);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void instancesOfOneTypeAreWrittenAsSimpleclientWritesTheirMergedFamilies(Format format)
      throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 3), instance("b", 2), instance("c", 0));

    String bytes = written(scrapeOf(snapshots, new ArrayList<>()).exposition(format, (Exposition) null));

    assertThat(bytes).isEqualTo(simpleclient(format, merged(snapshots)));
    assertThat(bytes).containsOnlyOnce("# TYPE value gauge");
  }

  @Test
  void theTextFormatWritesTheCreatedSamplesAsGaugesAfterEveryFamily() throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 1), instance("b", 1));

    String bytes = written(scrapeOf(snapshots, new ArrayList<>()).exposition(Format.TEXT, (Exposition) null));

    assertThat(bytes).containsOnlyOnce("# TYPE requests_created gauge");
    assertThat(bytes.indexOf("# TYPE requests_created gauge"))
        .isGreaterThan(bytes.indexOf("value{instance=\"b\",i=\"0\",}"));
  }

  @Test
  void aSnapshotIsRenderedOncePerFormatAndOnlyWhenAskedFor() throws IOException {
    MetricsSnapshot snapshot = instance("a", 2);
    assertThat(snapshot.bytes().isRendered(Format.TEXT)).isFalse();

    String first = written(scrapeOf(List.of(snapshot), List.of()).exposition(Format.TEXT, (Exposition) null));
    List<FamilyBytes> rendered = snapshot.bytes().families(Format.TEXT);
    String second = written(scrapeOf(List.of(snapshot), List.of()).exposition(Format.TEXT, (Exposition) null));

    assertThat(second).isEqualTo(first);
    assertThat(snapshot.bytes().families(Format.TEXT)).isSameAs(rendered);
    assertThat(snapshot.bytes().isRendered(Format.OPENMETRICS)).isFalse();
  }

  @Test
  void theLastAssemblyIsKeptWhileTheSnapshotsAreTheSame() {
    MetricsSnapshot first = instance("a", 2);
    MetricsSnapshot second = instance("b", 2);
    Exposition last = scrapeOf(List.of(first, second), List.of()).exposition(Format.TEXT, (Exposition) null);

    assertThat(scrapeOf(List.of(first, second), List.of()).exposition(Format.TEXT, last))
        .isSameAs(last);
    assertThat(scrapeOf(List.of(first, instance("b", 2)), List.of()).exposition(Format.TEXT, last))
        .isNotSameAs(last);
    assertThat(scrapeOf(List.of(first, second), List.of()).exposition(Format.OPENMETRICS, last))
        .isNotSameAs(last);
  }

  private static SnapshotBytes bytesOf(MetricFamilySamples... families) {
    return MetricsSnapshot.copyOf(List.of(families)).bytes();
  }

  private static MetricFamilySamples gauge(String name, double value) {
    return new MetricFamilySamples(
        name,
        Collector.Type.GAUGE,
        "A gauge.",
        List.of(new MetricFamilySamples.Sample(name, List.of(), List.of(), value)));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void freshSeriesFollowTheKeptFamiliesAndPrecedeTheirExtraGaugesAsSimpleclientWritesThem(
      Format format) throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 2), instance("b", 1));
    MetricFamilySamples fresh = gauge("jvm_threads_current", 12);
    SnapshotScrape scrape = scrapeOf(snapshots, List.of());
    scrape.serveFresh("jvm", bytesOf(fresh));

    String bytes = written(scrape.exposition(format, (Exposition) null));

    List<MetricFamilySamples> all = merged(snapshots);
    all.add(fresh);
    assertThat(bytes).isEqualTo(simpleclient(format, all));
  }

  @Test
  void theKeptAssemblyIsWrittenAgainWhileOnlyTheFreshSeriesChanged() throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 2), instance("b", 1));
    SnapshotScrape first = scrapeOf(snapshots, List.of());
    first.serveFresh("jvm", bytesOf(gauge("jvm_threads_current", 12)));
    Exposition kept = first.exposition(Format.TEXT, (Exposition) null).kept();
    SnapshotScrape second = scrapeOf(snapshots, List.of());
    second.serveFresh("jvm", bytesOf(gauge("jvm_threads_current", 13)));

    Exposition next = second.exposition(Format.TEXT, kept);

    assertThat(next.kept()).isSameAs(kept);
    assertThat(written(next)).contains("jvm_threads_current 13.0").doesNotContain("12.0");
    assertThat(written(kept)).doesNotContain("jvm_threads_current");
  }

  @Test
  void scrapesThatShareOneFreshCollectionWriteOneAssembly() {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 2));
    SnapshotBytes jvm = bytesOf(gauge("jvm_threads_current", 12));
    SnapshotScrape first = scrapeOf(snapshots, List.of());
    first.serveFresh("jvm", jvm);
    Exposition previous = first.exposition(Format.TEXT, (Exposition) null);
    SnapshotScrape second = scrapeOf(snapshots, List.of());
    second.serveFresh("jvm", jvm);

    assertThat(second.exposition(Format.TEXT, previous)).isSameAs(previous);
  }

  @Test
  void aScrapeThatCollectedOlderSnapshotsWritesTheLaterAssembly() {
    MetricsSnapshot a = instance("a", 1);
    MetricsSnapshot olderB = instance("b", 1);
    MetricsSnapshot laterB = instance("b", 2);
    Assemblies assemblies = new Assemblies();
    SnapshotScrape older = scrapeOf(List.of(a, olderB), List.of());
    Exposition first = scrapeOf(List.of(a, olderB), List.of()).exposition(Format.TEXT, assemblies);

    Exposition later = scrapeOf(List.of(a, laterB), List.of()).exposition(Format.TEXT, assemblies);

    assertThat(later).isNotSameAs(first);
    assertThat(older.exposition(Format.TEXT, assemblies)).isSameAs(later);
    assertThat(scrapeOf(List.of(a, laterB), List.of()).exposition(Format.OPENMETRICS, assemblies))
        .isNotSameAs(later);
  }

  @Test
  void anAssemblyOfOtherInstancesIsNotWrittenInPlaceOfOlderSnapshots() {
    MetricsSnapshot older = instance("a", 1);
    MetricsSnapshot later = instance("b", 1);
    Assemblies assemblies = new Assemblies();
    SnapshotScrape ofA = new SnapshotScrape();
    ofA.serve("first", older.bytes(), (owner, family, served) -> {});
    SnapshotScrape ofB = new SnapshotScrape();
    ofB.serve("second", later.bytes(), (owner, family, served) -> {});
    Exposition second = ofB.exposition(Format.TEXT, assemblies);

    assertThat(ofA.exposition(Format.TEXT, assemblies)).isNotSameAs(second);
  }

  @Test
  void aFamilyEqualToTheEarlierCollectionsTakesItsBytesAndAChangedOneIsRenderedAgain() {
    SnapshotBytes earlier = bytesOf(gauge("jvm_classes_loaded", 900), gauge("jvm_threads_current", 12));
    List<FamilyBytes> before = earlier.families(Format.TEXT);

    SnapshotBytes later =
        new SnapshotBytes(
            MetricsSnapshot.copyOf(
                    List.of(gauge("jvm_classes_loaded", 900), gauge("jvm_threads_current", 13)))
                .families(),
            earlier);
    List<FamilyBytes> after = later.families(Format.TEXT);

    assertThat(after.get(0)).isSameAs(before.get(0));
    assertThat(after.get(1)).isNotSameAs(before.get(1));
    assertThat(new String(after.get(1).samples().array(), UTF_8)).contains("jvm_threads_current 13.0");
    assertThat(later.families(Format.OPENMETRICS).get(0)).isNotSameAs(before.get(0));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aFreshFamilyOfAKeptNameIsMergedWithIt(Format format) throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 1));
    MetricFamilySamples fresh =
        new MetricFamilySamples(
            "value",
            Collector.Type.GAUGE,
            "Values.",
            List.of(
                new MetricFamilySamples.Sample(
                    "value", List.of("instance", "i"), List.of("jvm", "0"), 7)));
    SnapshotScrape scrape = scrapeOf(snapshots, List.of());
    scrape.serveFresh("jvm", bytesOf(fresh));

    Exposition exposition = scrape.exposition(format, (Exposition) null);

    List<MetricsSnapshot> all = new ArrayList<>(snapshots);
    all.add(MetricsSnapshot.copyOf(List.of(fresh)));
    assertThat(written(exposition)).isEqualTo(simpleclient(format, merged(all)));
    assertThat(written(exposition.kept())).doesNotContain("\"jvm\"");
  }

  @Test
  void theLastSeriesFollowTheExtraGaugesAsIfRenderedApart() throws IOException {
    List<MetricsSnapshot> snapshots = List.of(instance("a", 1));
    MetricFamilySamples last = gauge("monitor_abandoned_threads", 0);
    SnapshotScrape scrape = scrapeOf(snapshots, List.of());
    scrape.serveLast("host", bytesOf(last));

    String bytes = written(scrape.exposition(Format.TEXT, (Exposition) null));

    assertThat(bytes)
        .isEqualTo(
            simpleclient(Format.TEXT, merged(snapshots))
                + simpleclient(Format.TEXT, List.of(last)));
    assertThat(bytes.indexOf("# TYPE monitor_abandoned_threads gauge"))
        .isGreaterThan(bytes.indexOf("# TYPE requests_created gauge"));
  }

  @Test
  void aFamilyServedUnderAnotherTypeIsLeftOutAndReported() throws IOException {
    CollectorRegistry other = new CollectorRegistry();
    Counter.build("value", "Values counted.").register(other).inc();
    MetricsSnapshot clashing =
        MetricsSnapshot.copyOf(Collections.list(other.metricFamilySamples()));
    List<String> leftOut = new ArrayList<>();

    String bytes =
        written(scrapeOf(List.of(instance("a", 1), clashing), leftOut).exposition(Format.TEXT, (Exposition) null));

    assertThat(leftOut).containsExactly("bench.n1 value GAUGE");
    assertThat(bytes).doesNotContain("value_total").doesNotContain("value_created");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aGzipBodyOfLargeAndSmallFamiliesDecompressesToTheSameBytes(Format format)
      throws IOException {
    // 2,000 series make samples past FamilyBytes.DEFLATE_AT_LEAST, compressed once and spliced in
    List<MetricsSnapshot> snapshots =
        List.of(instance("a", 2_000), instance("b", 1), instance("c", 3_000));
    Exposition exposition = scrapeOf(snapshots, new ArrayList<>()).exposition(format, (Exposition) null);
    byte[] collected = "# TYPE up gauge\nup 1.0\n".getBytes(UTF_8);

    for (int scrape = 0; scrape < 2; scrape++) {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (GzipBody gzip = new GzipBody(compressed)) {
        exposition.writeTo(gzip);
        gzip.write(collected);
      }
      byte[] decompressed =
          new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray())).readAllBytes();

      assertThat(new String(decompressed, UTF_8))
          .isEqualTo(written(exposition) + new String(collected, UTF_8));
      assertThat(compressed.size()).isLessThan((int) exposition.length() / 3);
    }
    assertThat(snapshots.get(0).bytes().families(format))
        .anySatisfy(family -> assertThat(family.deflatedOnce()).isTrue());
  }

  @Test
  void anEmptyGzipBodyIsAValidStream() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    new GzipBody(compressed).close();

    assertThat(new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray())).readAllBytes())
        .isEmpty();
  }

  @Test
  void theNegotiatedFormatFollowsTheAcceptHeader() {
    assertThat(Format.negotiate(null)).isEqualTo(Format.TEXT);
    assertThat(Format.negotiate("text/plain;version=0.0.4")).isEqualTo(Format.TEXT);
    assertThat(Format.negotiate("application/openmetrics-text; version=1.0.0,text/plain;q=0.5"))
        .isEqualTo(Format.OPENMETRICS);
    assertThat(Format.OPENMETRICS.contentType()).isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
  }

  @Test
  void unitsAreKeptInOpenMetricsHeads() throws IOException {
    MetricFamilySamples family =
        new MetricFamilySamples(
            "disk_bytes",
            "bytes",
            Collector.Type.GAUGE,
            "Disk size.",
            List.of(new MetricFamilySamples.Sample("disk_bytes", List.of(), List.of(), 5)));
    MetricsSnapshot snapshot = MetricsSnapshot.copyOf(List.of(family));

    String bytes = written(scrapeOf(List.of(snapshot), List.of()).exposition(Format.OPENMETRICS, (Exposition) null));

    assertThat(bytes).isEqualTo(simpleclient(Format.OPENMETRICS, List.of(family)));
    assertThat(bytes).contains("# UNIT disk_bytes bytes\n");
  }
}
