package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.internal.config.EntrySource;
import dev.promonitor.core.testing.GaugeExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.LoggingSettings;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.Sharding;
import dev.promonitor.core.internal.engine.ExporterInstance;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardedHostTest {

  private static final int ENTRIES = 12;

  private final CountDownLatch unused = new CountDownLatch(0);
  private final List<ExporterHost> hosts = new ArrayList<>();

  @AfterEach
  void closeHosts() {
    hosts.forEach(ExporterHost::close);
  }

  private MonitorConfig config(int index, int count, int entries) {
    HostFixtures fixtures = HostFixtures.config();
    for (int entry = 0; entry < entries; entry++) {
      fixtures.entry("gauge", "bucket-" + entry, true, new GaugeExporter.Settings("value_" + entry, entry, unused));
    }
    fixtures.entry("gauge", "local", true, new GaugeExporter.Settings("local_value", 1, unused));
    MonitorConfig unsharded = fixtures.build();
    List<ExporterEntry> withLocal = new ArrayList<>(unsharded.exporters());
    ExporterEntry local = withLocal.remove(withLocal.size() - 1);
    withLocal.add(
        EntrySource.entry(
            local.type(), local.name(), true, local.provider(), local.config(), local.schedule(),
            Sharding.ALL, EntrySource.of(local)));
    return new MonitorConfig(
        "test.yml",
        AppSettings.builder().prometheusHost("127.0.0.1").shardCount(count).shardIndex(index).build(),
        LoggingSettings.defaults(),
        withLocal);
  }

  private ExporterHost started(MonitorConfig config) throws InterruptedException {
    ExporterHost host = ExporterHost.builder().config(config).build();
    hosts.add(host);
    host.start();
    HostFixtures.awaitFirstSuccess(host);
    return host;
  }

  private static List<String> names(ExporterHost host) {
    return host.instances().stream().map(ExporterInstance::qualifiedName).toList();
  }

  @Test
  void eachEntryRunsOnExactlyOneShardAndShardingAllOnEvery() throws Exception {
    Set<String> hashed = new HashSet<>();
    int total = 0;
    for (int index = 0; index < 3; index++) {
      List<String> own = names(started(config(index, 3, ENTRIES)));
      assertThat(own).contains("gauge.local");
      own.stream().filter(name -> !name.equals("gauge.local")).forEach(hashed::add);
      total += own.size() - 1;
    }

    assertThat(hashed).hasSize(ENTRIES);
    assertThat(total).isEqualTo(ENTRIES);
  }

  @Test
  void selfMetricsAndMetricsCarryOnlyThisShardsEntries() throws Exception {
    ExporterHost host = started(config(1, 3, ENTRIES));
    Set<String> ownValues = new HashSet<>();
    Set<String> upOf = new HashSet<>();
    for (Collector.MetricFamilySamples family : Collections.list(host.registry().metricFamilySamples())) {
      if (family.name.startsWith("value_")) {
        ownValues.add(family.name.substring("value_".length()));
      }
      if (family.name.equals("monitor_exporter_up")) {
        family.samples.forEach(sample -> upOf.add(sample.labelValues.get(0)));
      }
    }

    List<String> expected =
        names(host).stream().filter(name -> !name.equals("gauge.local"))
            .map(name -> name.substring("gauge.bucket-".length())).toList();
    assertThat(ownValues).containsExactlyInAnyOrderElementsOf(expected).hasSizeLessThan(ENTRIES);
    assertThat(upOf).hasSize(host.instances().size()).contains("local");
    assertThat(host.registry().getSampleValue("monitor_shard_info", new String[] {"index", "count"}, new String[] {"1", "3"}))
        .isEqualTo(1.0);
  }

  @Test
  void statusListsEveryEntryWithTheShardThatRunsIt() throws Exception {
    MonitorConfig config = config(2, 3, ENTRIES);
    ExporterHost host = started(config);

    List<ExporterStatus> status = host.status();

    assertThat(status).extracting(ExporterStatus::name)
        .containsExactlyElementsOf(config.enabledExporters().stream().map(ExporterEntry::instanceName).toList());
    for (int position = 0; position < status.size(); position++) {
      ExporterStatus entry = status.get(position);
      int shard = config.shardOf(config.enabledExporters().get(position));
      assertThat(entry.shard()).as(entry.name()).isEqualTo(shard);
      assertThat(entry.state() == ExporterStatus.State.OTHER_SHARD).as(entry.name()).isEqualTo(shard != 2);
    }
    assertThat(status).filteredOn(entry -> entry.name().equals("local"))
        .singleElement()
        .satisfies(local -> {
          assertThat(local.sharding()).isEqualTo(Sharding.ALL);
          assertThat(local.state()).isEqualTo(ExporterStatus.State.UP);
        });
  }

  @Test
  void reloadAssignsNewEntriesAndAChangedCountNeedsARestart() throws Exception {
    ExporterHost host = started(config(0, 3, ENTRIES));
    MonitorConfig grown = config(0, 3, 3 * ENTRIES);

    ReloadResult result = host.reload(() -> grown);

    assertThat(names(host)).containsExactlyElementsOf(
        grown.shardExporters().stream().map(ExporterEntry::qualifiedName).toList());
    assertThat(result.needsRestart()).isEmpty();

    List<String> before = names(host);
    ReloadResult recounted = host.reload(() -> config(0, 4, 3 * ENTRIES));

    assertThat(recounted.needsRestart()).containsExactly("app.shard_count");
    assertThat(names(host)).as("the running shard stays 0/3").isEqualTo(before);
  }
}
