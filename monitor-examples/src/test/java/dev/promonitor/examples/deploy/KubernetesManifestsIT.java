package dev.promonitor.examples.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.Sharding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code kubectl kustomize deploy/kubernetes} renders without a cluster, and the objects agree
 * with each other and with the runner: labels and selectors, ports, probe paths that the runner
 * serves, and the shard count. Skipped where kubectl (1.21 or later) is not installed.
 */
class KubernetesManifestsIT {

  private static final Path DEPLOY = Path.of(System.getProperty("promonitor.deploy.dir", "../deploy/kubernetes"));
  private static final Path RUNNER_JAR = Path.of(System.getProperty("promonitor.runner.jar", "missing.jar"));
  private static final Path EXPORTERS_DIR = Path.of(System.getProperty("promonitor.exporters.dir", "target/exporters"));
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern SERVING =
      Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  private static Map<String, Map<String, Object>> byKind;

  @TempDir Path work;

  @BeforeAll
  static void render() throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        kubectl = Path.of(dir, "kubectl");
        break;
      }
    }
    assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed; apt-get install kubectl to run this test");
    Result version = run(List.of(kubectl.toString(), "version", "--client", "-o", "yaml"));
    Matcher minor = Pattern.compile("minor: \"?(\\d+)").matcher(version.out());
    assumeTrue(
        minor.find() && Integer.parseInt(minor.group(1)) >= 21,
        "kubectl 1.21 or later is needed for kustomize 4 (labels, replicas, replacements); found: "
            + version.out());

    Result rendered = run(List.of(kubectl.toString(), "kustomize", DEPLOY.toString()));

    assertThat(rendered.exitCode()).as(rendered.err()).isZero();
    byKind = new java.util.LinkedHashMap<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(rendered.out())) {
      Map<String, Object> object = map(document);
      assertThat(byKind.put((String) object.get("kind"), object)).as("one %s", object.get("kind")).isNull();
    }
  }

  @Test
  void theKustomizationRendersTheFourObjectsInOneNamespace() {
    assertThat(byKind).containsOnlyKeys("ConfigMap", "Service", "StatefulSet", "PodMonitor");
    assertThat(byKind.values())
        .extracting(object -> at(object, "metadata", "namespace"))
        .containsOnly("monitoring");
  }

  @Test
  void everySelectorMatchesThePodsOfTheStatefulSet() {
    Map<String, Object> podLabels = map(at(statefulSet(), "spec", "template", "metadata", "labels"));

    assertThat(podLabels).containsEntry("app.kubernetes.io/name", "promonitor");
    assertThat(podLabels).containsAllEntriesOf(map(at(statefulSet(), "spec", "selector", "matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(map(at(byKind.get("Service"), "spec", "selector")));
    assertThat(podLabels).containsAllEntriesOf(map(at(byKind.get("PodMonitor"), "spec", "selector", "matchLabels")));
  }

  @Test
  void theServiceIsTheHeadlessServiceOfTheStatefulSet() {
    Map<String, Object> service = byKind.get("Service");

    assertThat(at(service, "spec", "clusterIP")).isEqualTo("None");
    assertThat(at(statefulSet(), "spec", "serviceName")).isEqualTo(at(service, "metadata", "name"));
  }

  @Test
  void portsAgreeWithTheConfigAndEachOther() {
    Map<String, Object> metricsPort = map(single(list(at(container(), "ports"))));
    Map<String, Object> servicePort = map(single(list(at(byKind.get("Service"), "spec", "ports"))));
    Map<String, Object> endpoint = map(single(list(at(byKind.get("PodMonitor"), "spec", "podMetricsEndpoints"))));

    assertThat(metricsPort).containsEntry("name", "metrics").containsEntry("containerPort", config(1, 0).app().prometheusPort());
    assertThat(config(1, 0).app().prometheusHost()).isEqualTo("0.0.0.0");
    assertThat(servicePort).containsEntry("targetPort", "metrics").containsEntry("port", metricsPort.get("containerPort"));
    assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(at(container(), probe, "httpGet", "port")).as(probe).isEqualTo("metrics");
    }
  }

  @Test
  void theShardCountIsTheReplicaCountAndEachPodIsTheShardOfItsName() {
    int replicas = ((Number) at(statefulSet(), "spec", "replicas")).intValue();
    String count = (String) env().get("PROMONITOR_SHARD_COUNT");

    assertThat(replicas).isGreaterThan(1);
    assertThat(count).isEqualTo(Integer.toString(replicas));
    for (int pod = 0; pod < replicas; pod++) {
      MonitorConfig config = config(replicas, pod);
      assertThat(config.app().shardCount()).isEqualTo(replicas);
      assertThat(config.app().shardIndex()).isEqualTo(pod);
      assertThat(config.exporters()).anyMatch(entry -> entry.sharding() == Sharding.ALL);
    }
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootFilesystemWithResources() {
    assertThat(at(statefulSet(), "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
    assertThat(at(container(), "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(at(container(), "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(map(at(container(), "resources", "requests"))).containsKeys("cpu", "memory");
    assertThat(map(at(container(), "resources", "limits"))).containsKey("memory");
    List<Object> volumes = list(at(statefulSet(), "spec", "template", "spec", "volumes"));
    assertThat(volumes)
        .filteredOn(volume -> map(volume).containsKey("configMap"))
        .extracting(volume -> at(map(volume), "configMap", "name"))
        .contains(at(byKind.get("ConfigMap"), "metadata", "name"));
  }

  @Test
  void thePlainScrapeConfigFindsEveryPodOfTheStatefulSet() throws IOException {
    Map<String, Object> job =
        single(list(map(new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(DEPLOY.resolve("prometheus-scrape-config.yml")))).get("scrape_configs")));
    Map<String, Object> discovery = single(list(job.get("kubernetes_sd_configs")));
    Map<String, Object> podLabels = map(at(statefulSet(), "spec", "template", "metadata", "labels"));

    assertThat(discovery).containsEntry("role", "pod");
    assertThat(list(at(discovery, "namespaces", "names"))).contains(at(statefulSet(), "metadata", "namespace"));
    assertThat(job).containsEntry("metrics_path", "/metrics");
    List<Map<String, Object>> keeps =
        list(job.get("relabel_configs")).stream().map(KubernetesManifestsIT::map)
            .filter(rule -> "keep".equals(rule.get("action"))).toList();
    assertThat(keeps).hasSize(2);
    for (Map<String, Object> keep : keeps) {
      String source = (String) single(list(keep.get("source_labels")));
      String value =
          source.equals("__meta_kubernetes_pod_container_port_name")
              ? (String) map(single(list(at(container(), "ports")))).get("name")
              : (String) podLabels.get(labelOf(source));
      assertThat(value).as(source).isNotNull().matches((String) keep.get("regex"));
    }
  }

  @Test
  void theRunnerServesTheProbePathsWithTheRenderedConfig() throws Exception {
    assumeTrue(Files.isRegularFile(RUNNER_JAR), "the runner jar is built by the reactor: " + RUNNER_JAR);
    String text =
        ((String) map(at(byKind.get("ConfigMap"), "data")).get("config.yml"))
            .replace("prometheus_host: 0.0.0.0", "prometheus_host: 127.0.0.1")
            .replace("prometheus_port: 8000", "prometheus_port: 0");
    Path config = Files.writeString(work.resolve("config.yml"), text);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RUNNER_JAR.toString(),
                "--config-file", config.toString(),
                "--exporters-dir", EXPORTERS_DIR.toString())
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder.environment().put("HOSTNAME", at(statefulSet(), "metadata", "name") + "-1");
    builder.environment().put("PROMONITOR_SHARD_COUNT", (String) env().get("PROMONITOR_SHARD_COUNT"));
    Process process = builder.start();
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Thread reader = readLines(process, output);
    List<String> seen = new ArrayList<>();
    try {
      int port = awaitServingPort(output, seen);
      HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        String path = (String) at(container(), probe, "httpGet", "path");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        // A readiness path may answer 503 until the first runs are done: poll within the deadline.
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(200);
          response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).as(probe + " " + path).isEqualTo(200);
      }
      String metrics =
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("monitor_shard_info{index=\"1\",count=\"" + env().get("PROMONITOR_SHARD_COUNT") + "\",} 1.0");
    } finally {
      process.toHandle().destroy();
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      reader.join(WAIT.toMillis());
    }
  }

  private static String labelOf(String metaLabel) {
    // __meta_kubernetes_pod_label_app_kubernetes_io_name: the label app.kubernetes.io/name.
    String sanitized = metaLabel.substring("__meta_kubernetes_pod_label_".length());
    Map<String, Object> labels = map(at(statefulSet(), "spec", "template", "metadata", "labels"));
    return labels.keySet().stream()
        .filter(label -> label.replaceAll("[^a-zA-Z0-9_]", "_").equals(sanitized))
        .findFirst()
        .orElse(sanitized);
  }

  private static MonitorConfig config(int replicas, int pod) {
    String text = (String) map(at(byKind.get("ConfigMap"), "data")).get("config.yml");
    ExporterCatalog catalog = ExporterCatalog.discover(KubernetesManifestsIT.class.getClassLoader());
    return ConfigLoader.builder()
        .catalog(catalog)
        .environment(
            Map.of(
                "PROMONITOR_SHARD_COUNT", Integer.toString(replicas),
                "HOSTNAME", at(statefulSet(), "metadata", "name") + "-" + pod))
        .build()
        .parse(text, "config.yml");
  }

  private static Map<String, Object> statefulSet() {
    return byKind.get("StatefulSet");
  }

  private static Map<String, Object> container() {
    return list(at(statefulSet(), "spec", "template", "spec", "containers")).stream()
        .map(KubernetesManifestsIT::map)
        .filter(container -> "promonitor".equals(container.get("name")))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> env() {
    Map<String, Object> env = new java.util.HashMap<>();
    list(container().get("env")).stream().map(KubernetesManifestsIT::map)
        .forEach(variable -> env.put((String) variable.get("name"), variable.get("value")));
    return env;
  }

  private static Object at(Object root, String... keys) {
    Object node = root;
    for (String key : keys) {
      assertThat(node).as("parent of %s", key).isInstanceOf(Map.class);
      node = ((Map<?, ?>) node).get(key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    assertThat(node).isInstanceOf(List.class);
    return (List<Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static <T> T single(List<?> list) {
    assertThat(list).hasSize(1);
    return (T) list.get(0);
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    java.util.concurrent.CompletableFuture<String> err =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return new String(process.getErrorStream().readAllBytes(), UTF_8);
          } catch (IOException e) {
            return e.toString();
          }
        });
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s ends", command).isTrue();
    return new Result(process.exitValue(), out, err.join());
  }

  private static Thread readLines(Process process, BlockingQueue<String> output) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "runner-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static int awaitServingPort(BlockingQueue<String> output, List<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      Matcher matcher = SERVING.matcher(line);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("the runner did not report its port; output:\n" + String.join("\n", seen));
  }
}
