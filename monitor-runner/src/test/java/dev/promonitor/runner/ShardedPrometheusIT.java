package dev.promonitor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promonitor.core.internal.shard.Rendezvous;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of the runner jar share one config of 30 entries and one {@code sharding: all} entry,
 * and a real Prometheus (Debian's {@code prometheus}) scrapes them all: each entry's series come
 * from exactly one replica, a stopped replica takes exactly its entries away, and a fourth
 * replica takes only entries from the others.
 */
class ShardedPrometheusIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ENTRIES = 30;
  private static final List<String> NAMES =
      IntStream.range(0, ENTRIES).mapToObj(entry -> String.format("entry-%02d", entry)).toList();

  @TempDir Path work;

  private final ExternalProcesses processes = new ExternalProcesses();
  private Path exportersDir;
  private Path config;
  private Path targets;
  private String api;

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  /** One replica: its process and the address Prometheus scrapes. */
  private record Replica(int index, ExternalProcesses.Started runner, String address) {}

  private Replica startReplica(int index, int count) throws Exception {
    ExternalProcesses.Started runner =
        processes.start(
            work,
            ExternalProcesses.runnerCommand(
                "--config-file", config.toString(),
                "--exporters-dir", exportersDir.toString(),
                "--shard", index + "/" + count));
    int port = Integer.parseInt(runner.awaitLine(ExternalProcesses.SERVING).group(1));
    return new Replica(index, runner, "127.0.0.1:" + port);
  }

  private List<Replica> startReplicas(int count) throws Exception {
    List<Replica> replicas = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      replicas.add(startReplica(index, count));
    }
    return replicas;
  }

  /** Points Prometheus's file discovery at these replicas (it watches the file). */
  private void scrape(List<Replica> replicas) throws IOException {
    String list =
        replicas.stream().map(replica -> "\"" + replica.address() + "\"").collect(Collectors.joining(", "));
    Path next = Files.writeString(work.resolve("targets.json.new"), "[{\"targets\": [" + list + "]}]");
    Files.move(next, targets, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeConfig() throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            """
            app:
              export_interval_seconds: 1
              prometheus_host: 127.0.0.1
              prometheus_port: 0
            exporters:
            """);
    for (String name : NAMES) {
      yaml.append("  - {type: it_gauge, name: ").append(name)
          .append(", config: {labels: [").append(name).append("]}}\n");
    }
    yaml.append("  - {type: it_gauge, name: local, sharding: all, config: {labels: [local]}}\n");
    config = Files.writeString(work.resolve("config.yml"), yaml);
  }

  private void startPrometheus(Path prometheus) throws Exception {
    int prometheusPort = ExternalProcesses.freePort();
    targets = work.resolve("targets.json");
    Files.writeString(targets, "[]");
    Path prometheusConfig =
        Files.writeString(
            work.resolve("prometheus.yml"),
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: promonitor
                file_sd_configs:
                  - files: ['%s']
                    refresh_interval: 1s
            """
                .formatted(targets));
    processes.start(
        work,
        List.of(
            prometheus.toString(),
            "--config.file=" + prometheusConfig,
            "--storage.tsdb.path=" + work.resolve("tsdb"),
            "--web.listen-address=127.0.0.1:" + prometheusPort));
    api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
    processes.awaitHttp(api + "status/buildinfo", response -> response.statusCode() == 200);
  }

  /** Waits until the query answers {@code expected} series; returns them. */
  private JsonNode awaitSeries(String query, int expected) throws Exception {
    String url = api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    HttpResponse<String> response = processes.awaitHttp(url, answer -> resultCount(answer) == expected);
    return JSON.readTree(response.body()).at("/data/result");
  }

  /** Which replica (by address) serves each label of {@code it_plugin_value}, among these replicas. */
  private Map<String, List<String>> servingReplicas(List<Replica> replicas, int expectedSeries) throws Exception {
    String instances =
        replicas.stream().map(replica -> replica.address().replace(".", "\\\\.")).collect(Collectors.joining("|"));
    JsonNode series = awaitSeries("it_plugin_value{instance=~\"" + instances + "\"}", expectedSeries);
    Map<String, List<String>> byLabel = new HashMap<>();
    for (JsonNode one : series) {
      byLabel.computeIfAbsent(one.at("/metric/label").asText(), label -> new ArrayList<>())
          .add(one.at("/metric/instance").asText());
    }
    return byLabel;
  }

  private static Path required(String program) {
    Optional<Path> found = ExternalProcesses.onPath(program);
    assumeTrue(found.isPresent(), program + " is not installed; apt-get install prometheus to run this test");
    return found.orElseThrow();
  }

  @Test
  void replicasShareTheEntriesAndAStoppedOneTakesExactlyItsOwnAway() throws Exception {
    Path prometheus = required("prometheus");
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    writeConfig();
    startPrometheus(prometheus);
    List<Replica> three = startReplicas(3);
    scrape(three);

    JsonNode up = awaitSeries("up == 1", 3);
    Map<String, List<String>> served = servingReplicas(three, ENTRIES + 3);

    assertThat(up).extracting(node -> node.at("/metric/instance").asText())
        .containsExactlyInAnyOrderElementsOf(three.stream().map(Replica::address).toList());
    assertThat(served.get("local")).as("the sharding: all entry")
        .containsExactlyInAnyOrderElementsOf(three.stream().map(Replica::address).toList());
    Map<String, Integer> shardOf3 = new HashMap<>();
    for (String name : NAMES) {
      int shard = Rendezvous.shardOf("it_gauge", name, 3);
      shardOf3.put(name, shard);
      assertThat(served.get(name)).as(name + " once, on shard " + shard).containsExactly(three.get(shard).address());
    }
    assertThat(new HashSet<>(shardOf3.values())).as("every replica has entries").hasSize(3);
    JsonNode info = awaitSeries("monitor_shard_info", 3);
    assertThat(info).extracting(node -> node.at("/metric/instance").asText() + " " + node.at("/metric/index").asText()
            + "/" + node.at("/metric/count").asText())
        .containsExactlyInAnyOrder(three.get(0).address() + " 0/3", three.get(1).address() + " 1/3",
            three.get(2).address() + " 2/3");

    // A stopped replica: exactly its entries disappear, the others keep theirs.
    Replica stopped = three.get(1);
    stopped.runner().process().destroy();
    assertThat(stopped.runner().process().waitFor(ExternalProcesses.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    long stoppedEntries = shardOf3.values().stream().filter(shard -> shard == 1).count();
    awaitSeries("up{instance=\"" + stopped.address() + "\"} == 0", 1);
    Map<String, List<String>> left = servingReplicas(three, (int) (ENTRIES - stoppedEntries + 2));

    for (String name : NAMES) {
      if (shardOf3.get(name) == 1) {
        assertThat(left).as(name).doesNotContainKey(name);
      } else {
        assertThat(left.get(name)).as(name).containsExactly(three.get(shardOf3.get(name)).address());
      }
    }
    assertThat(left.get("local")).containsExactlyInAnyOrder(three.get(0).address(), three.get(2).address());
  }

  @Test
  void aFourthReplicaTakesOnlyEntriesFromTheOthersAboutAQuarter() throws Exception {
    Path prometheus = required("prometheus");
    exportersDir = work.resolve("exporters");
    ExternalProcesses.buildPlugin(exportersDir);
    writeConfig();
    startPrometheus(prometheus);
    List<Replica> three = startReplicas(3);
    scrape(three);
    Map<String, List<String>> before = servingReplicas(three, ENTRIES + 3);
    Map<String, Integer> shardBefore = shardsOf(before, three);
    three.forEach(replica -> replica.runner().process().destroy());

    List<Replica> four = startReplicas(4);
    scrape(four);
    Map<String, List<String>> after = servingReplicas(four, ENTRIES + 4);
    Map<String, Integer> shardAfter = shardsOf(after, four);

    Set<String> moved =
        NAMES.stream().filter(name -> !shardBefore.get(name).equals(shardAfter.get(name)))
            .collect(Collectors.toSet());
    assertThat(moved).isNotEmpty().allSatisfy(name -> assertThat(shardAfter.get(name)).as(name).isEqualTo(3));
    // The expected share is 1/4 of the entries; the bounds at scale are RendezvousTest's.
    assertThat(moved.size()).isLessThanOrEqualTo(ENTRIES * 3 / 2 / 4);
    assertThat(after.get("local")).hasSize(4);
  }

  /** The shard index of the replica serving each entry, checking that there is one. */
  private static Map<String, Integer> shardsOf(Map<String, List<String>> served, List<Replica> replicas) {
    Map<String, Integer> byAddress = new HashMap<>();
    replicas.forEach(replica -> byAddress.put(replica.address(), replica.index()));
    Map<String, Integer> shards = new HashMap<>();
    for (String name : NAMES) {
      assertThat(served.get(name)).as(name).hasSize(1);
      shards.put(name, byAddress.get(served.get(name).get(0)));
    }
    return shards;
  }

  private static int resultCount(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body()).at("/data/result").size();
    } catch (IOException e) {
      return -1;
    }
  }
}
