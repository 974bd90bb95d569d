package dev.promonitor.clientjava;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.ExporterException;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.simpleclient.bridge.SimpleclientCollector;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link ExporterHost} whose metrics join a client_java 1.x {@link PrometheusRegistry}: the
 * application's endpoint (client_java's {@code HTTPServer}, a servlet, Spring Boot's {@code
 * /actuator/prometheus}, Micrometer's {@code PrometheusMeterRegistry.scrape()}) serves them beside
 * its own metrics, with no second port.
 *
 * <pre>{@code
 * ClientJavaHost exporters =
 *     ClientJavaHost.start(                           // or create(...), then start()
 *         ExporterHost.builder().configFile(Path.of("exporters.yml")),
 *         PrometheusRegistry.defaultRegistry);
 * ...
 * exporters.close();
 * }</pre>
 *
 * <p>The host keeps its metrics in a simpleclient {@link CollectorRegistry} of its own, which
 * client_java's {@link SimpleclientCollector} (module {@code prometheus-metrics-simpleclient-bridge})
 * adapts to the application's registry at each scrape. The exporters, their schedules, the failure
 * policy and the host's own {@code monitor_*} metrics behave as in the runner; JVM metrics are off
 * unless {@code app.jvm_metrics} turns them on, since the application serves its own.
 *
 * <p>A metric name served both by the application and by the exporters would break every scrape of
 * the application's endpoint (client_java refuses duplicate names). So the names that the
 * application's registry serves at start are handed to the host: an exporter that registers one in
 * its {@code init} fails the start with a message naming the metric and the exporter, and one that
 * exports one later is refused like a clash between two exporter types (its metrics are left out,
 * the application's scrape goes on). The host's own {@code monitor_*} names are checked at start
 * too. Metrics that the application creates after the start (Micrometer creates meters when they
 * are first used) are not known to the check: keep exporter metric names distinct, for example by
 * a prefix.
 *
 * <p>Thread-safe.
 */
public final class ClientJavaHost implements AutoCloseable {

  private final ExporterHost host;
  private final PrometheusRegistry registry;
  private final SimpleclientCollector collector;

  private ClientJavaHost(
      ExporterHost host, PrometheusRegistry registry, SimpleclientCollector collector) {
    this.host = host;
    this.registry = registry;
    this.collector = collector;
  }

  /**
   * Builds the host with a registry of its own (replacing any given to {@code host}), not started
   * yet: the exporters are created (their constructors run) and the config is checked.
   *
   * @param host the host's builder, with its config
   * @param registry the registry that the application serves
   * @return the host, to {@link #start()}
   * @throws dev.promonitor.core.config.ConfigException when the host's config is invalid
   * @throws ExporterException when an exporter cannot be created
   */
  public static ClientJavaHost create(ExporterHost.Builder host, PrometheusRegistry registry) {
    requireNonNull(host, "host must not be null");
    requireNonNull(registry, "registry must not be null");
    CollectorRegistry own = new CollectorRegistry(true);
    ExporterHost built =
        host.registry(own).applicationMetricNames(() -> namesOf(scrapeApplication(registry))).build();
    return new ClientJavaHost(
        built, registry, SimpleclientCollector.builder().collectorRegistry(own).build());
  }

  /**
   * {@link #create Creates} the host and {@link #start() starts} it.
   *
   * @param host the host's builder, with its config
   * @param registry the registry that the application serves
   * @return the started host, joined to {@code registry}
   * @throws dev.promonitor.core.config.ConfigException when the host's config is invalid
   * @throws ExporterException as {@link #create} and {@link #start()} throw it; nothing is left
   *     running then
   */
  public static ClientJavaHost start(ExporterHost.Builder host, PrometheusRegistry registry) {
    ClientJavaHost created = create(host, registry);
    created.start();
    return created;
  }

  /**
   * Starts the host, with the names that the application's registry serves now as its {@link
   * ExporterHost.Builder#applicationMetricNames application metric names}, and joins the
   * registry.
   *
   * @throws ExporterException when an exporter cannot be started, or when a metric name that an
   *     exporter registers in its {@code init}, or one of the host's own, is served by the
   *     application's registry already; the host is closed then
   * @throws dev.promonitor.core.EndpointException when the host serves HTTP itself ({@code
   *     serveHttp(true)}) and cannot bind its address
   * @throws IllegalStateException when the host was started or closed already
   */
  public void start() {
    host.start();
    try {
      Set<String> clashes = namesOf(collector.collect());
      clashes.retainAll(namesOf(scrapeApplication(registry)));
      if (!clashes.isEmpty()) {
        throw new ExporterException(
            "cannot join the application's PrometheusRegistry: it serves "
                + String.join(", ", clashes)
                + " already, which promonitor serves too (app.jvm_metrics turns on the JVM"
                + " metrics of simpleclient's hotspot module)");
      }
      registry.register(collector);
    } catch (RuntimeException | Error e) {
      host.close();
      throw e;
    }
  }

  private static MetricSnapshots scrapeApplication(PrometheusRegistry registry) {
    try {
      return registry.scrape();
    } catch (RuntimeException e) {
      throw new ExporterException(
          "cannot read the metric names of the application's PrometheusRegistry to check them"
              + " against the exporters': "
              + e.getMessage(),
          e);
    }
  }

  private static Set<String> namesOf(MetricSnapshots snapshots) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : snapshots) {
      names.add(snapshot.getMetadata().getPrometheusName());
    }
    return names;
  }

  /**
   * The host that runs the exporters: for its {@link ExporterHost#status()}, {@link
   * ExporterHost#reload()} and config.
   *
   * @return the host, started
   */
  public ExporterHost host() {
    return host;
  }

  /**
   * Leaves the application's registry, then closes the host as {@link ExporterHost#close()} does.
   * Idempotent.
   */
  @Override
  public void close() {
    registry.unregister(collector);
    host.close();
  }
}
