package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.internal.engine.FixedRateScheduler;
import dev.promonitor.core.internal.engine.InstancesCollector;
import dev.promonitor.core.internal.engine.RunDispatcher;
import dev.promonitor.core.internal.engine.SystemTaskTimer;
import dev.promonitor.core.internal.engine.TaskTimer;
import dev.promonitor.core.internal.http.MetricsEndpoint;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the exporters of a config on their schedule and serves their metrics.
 *
 * <pre>{@code
 * MonitorConfig config = ConfigLoader.create(ExporterCatalog.discover(classLoader)).load(path);
 * try (ExporterHost host = ExporterHost.builder().config(config).serveHttp(true).build()) {
 *   host.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} creates one exporter instance per enabled entry; {@link #start()}
 * binds the HTTP endpoint (when asked for) before any exporter runs, then schedules them;
 * {@link #close()} stops scheduling, lets running exports finish within the grace period, closes
 * every exporter and stops the endpoint. A host holds no global state: it never touches the
 * default registry unless given it, never calls {@link System#exit}, and several hosts can live in
 * one JVM. Its threads are daemon threads.
 */
public final class ExporterHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private final MonitorConfig config;
  private final CollectorRegistry registry;
  private final boolean serveHttp;
  private final WebConfig webConfig;
  private final Duration shutdownGracePeriod;
  private final TaskTimer timer;
  private final Object idleMonitor = new Object();
  private final List<ExporterInstance> instances;
  private final InstancesCollector collector;

  private @Nullable RunDispatcher dispatcher;
  private @Nullable FixedRateScheduler scheduler;
  private @Nullable MetricsEndpoint endpoint;
  private State state = State.CREATED;

  private enum State {
    CREATED,
    STARTED,
    CLOSED
  }

  private ExporterHost(Builder builder, MonitorConfig config) {
    this.config = config;
    this.registry = builder.registry != null ? builder.registry : new CollectorRegistry(true);
    this.serveHttp = builder.serveHttp;
    this.webConfig = builder.webConfig;
    this.shutdownGracePeriod =
        builder.shutdownGracePeriod != null ? builder.shutdownGracePeriod : config.app().shutdownGrace();
    this.timer = builder.timer != null ? builder.timer.get() : new SystemTaskTimer("promonitor-scheduler");
    this.instances = createInstances(config, timer, idleMonitor);
    this.collector = new InstancesCollector(instances);
  }

  /**
   * Starts building a host.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static List<ExporterInstance> createInstances(
      MonitorConfig config, TaskTimer timer, Object idleMonitor) {
    List<ExporterInstance> created = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Throwable firstFailure = null;
    for (ExporterEntry entry : config.enabledExporters()) {
      ExporterProvider provider = requireNonNull(entry.provider());
      try {
        BaseExporter<?> exporter = instantiate(entry, provider);
        created.add(
            new ExporterInstance(
                exporter, entry.schedule().interval().toNanos(), timer::nanoTime, idleMonitor));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
        failures.add(
            "exporter '"
                + entry.qualifiedName()
                + "' ("
                + provider.exporterClass().getName()
                + " from "
                + provider.source()
                + ", "
                + entry.location()
                + ") could not be created: "
                + cause);
        if (firstFailure == null) {
          firstFailure = cause;
        }
      }
    }
    if (firstFailure != null) {
      created.forEach(ExporterInstance::close);
      throw new ExporterException(String.join("\n", failures), firstFailure);
    }
    return List.copyOf(created);
  }

  private static BaseExporter<?> instantiate(ExporterEntry entry, ExporterProvider provider)
      throws ReflectiveOperationException {
    ExporterContext context =
        new ExporterContext(
            provider.exporterClass(),
            entry.type(),
            entry.instanceName(),
            entry.qualifiedName(),
            entry.config(),
            LoggerFactory.getLogger("exporters." + entry.qualifiedName()),
            new CollectorRegistry(true));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(provider.exporterClass().getClassLoader());
    try {
      return ExporterInstantiation.instantiate(provider.exporterClass(), context);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Binds the HTTP endpoint when asked for, then schedules every exporter: the first runs start
   * at once.
   *
   * @throws EndpointException when the endpoint cannot bind its address; nothing is started then
   * @throws IllegalStateException when the host was already started or closed
   */
  public synchronized void start() {
    if (state != State.CREATED) {
      throw new IllegalStateException("the host was already " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    AppSettings app = config.app();
    if (serveHttp) {
      endpoint = startEndpoint(app);
    }
    registry.register(collector);
    int threads = app.effectiveThreads(instances.size());
    dispatcher = RunDispatcher.create(app.executionMode(), threads);
    scheduler = new FixedRateScheduler(timer, dispatcher::dispatch);
    state = State.STARTED;
    scheduler.start(instances);
    LOG.info(
        "Running {} exporter(s) in {} mode every {} with {} worker thread(s)",
        instances.size(),
        app.executionMode().configValue(),
        Durations.seconds(app.exportInterval()),
        app.executionMode() == ExecutionMode.SYNC ? 1 : threads);
    if (instances.isEmpty()) {
      LOG.warn("No exporters are enabled: configure entries under 'exporters' in {}", config.source());
    }
  }

  private MetricsEndpoint startEndpoint(AppSettings app) {
    String address = app.prometheusHost() + ":" + app.prometheusPort();
    try {
      return MetricsEndpoint.start(
          new InetSocketAddress(app.prometheusHost(), app.prometheusPort()),
          registry,
          Version.current(),
          webConfig);
    } catch (IOException | UnresolvedAddressException e) {
      String reason = e instanceof UnresolvedAddressException ? "unknown host" : e.getMessage();
      throw new EndpointException("cannot serve metrics on " + address + ": " + reason, e);
    }
  }

  /**
   * The address of the HTTP endpoint, with the real port when port 0 was configured.
   *
   * @return the address, or empty when the host serves no HTTP or is not started
   */
  public synchronized Optional<InetSocketAddress> httpAddress() {
    return Optional.ofNullable(endpoint).map(MetricsEndpoint::address);
  }

  /**
   * The registry that serves the exporters' metrics.
   *
   * @return the registry given to the builder, or the host's own
   */
  public CollectorRegistry registry() {
    return registry;
  }

  /**
   * The config this host runs.
   *
   * @return the config
   */
  public MonitorConfig config() {
    return config;
  }

  /**
   * Stops the host: no run starts after this is called; running exports get the grace period to
   * finish, after which they are interrupted; then every exporter's {@code close()} is called once
   * (but for one still stuck in a run), its metrics leave the registry and the endpoint stops.
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean started = state == State.STARTED;
    state = State.CLOSED;
    if (started) {
      requireNonNull(scheduler).stop();
      RunDispatcher runs = requireNonNull(dispatcher);
      runs.shutdown();
      if (!awaitIdle(shutdownGracePeriod)) {
        LOG.warn(
            "Exporters still running after the {} grace period are interrupted: {}",
            Durations.seconds(shutdownGracePeriod),
            busyNames());
        runs.shutdownNow();
        awaitIdle(Duration.ofSeconds(1));
      }
    }
    timer.shutdown();
    for (ExporterInstance instance : instances) {
      if (instance.isBusy()) {
        instance.refuseRuns();
        LOG.warn("Exporter '{}' is stuck in a run and was not closed", instance.qualifiedName());
      } else {
        instance.close();
      }
    }
    if (started) {
      registry.unregister(collector);
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (started) {
      LOG.info("Stopped {} exporter(s)", instances.size());
    }
  }

  private boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idleMonitor) {
      while (instances.stream().anyMatch(ExporterInstance::isBusy)) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        try {
          idleMonitor.wait(Math.max(1, remaining / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private String busyNames() {
    return String.join(
        ", ",
        instances.stream().filter(ExporterInstance::isBusy).map(ExporterInstance::qualifiedName).toList());
  }

  /** The instances, for tests in this package. */
  List<ExporterInstance> instances() {
    return instances;
  }

  /** Builds an {@link ExporterHost}. Not thread-safe. */
  public static final class Builder {

    private @Nullable MonitorConfig config;
    private @Nullable CollectorRegistry registry;
    private boolean serveHttp;
    private @Nullable Duration shutdownGracePeriod;
    private @Nullable Supplier<TaskTimer> timer;
    private WebConfig webConfig = WebConfig.none();

    private Builder() {}

    /**
     * The config to run. Required.
     *
     * @param config a loaded config, see {@link dev.promonitor.core.config.ConfigLoader}
     * @return this builder
     */
    public Builder config(MonitorConfig config) {
      this.config = requireNonNull(config, "config must not be null");
      return this;
    }

    /**
     * The registry that serves the exporters' metrics, such as the application's own
     * {@link CollectorRegistry#defaultRegistry}. Default: a new registry of the host's own.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder registry(CollectorRegistry registry) {
      this.registry = requireNonNull(registry, "registry must not be null");
      return this;
    }

    /**
     * Whether the host serves {@code /metrics} itself, on {@code app.prometheus_host} and
     * {@code app.prometheus_port}. Default {@code false}: an application that has its own
     * endpoint passes its registry instead.
     *
     * @param serveHttp {@code true} to start the HTTP endpoint
     * @return this builder
     */
    public Builder serveHttp(boolean serveHttp) {
      this.serveHttp = serveHttp;
      return this;
    }

    /**
     * How long {@link #close()} waits for running exports before interrupting them. Default:
     * {@code app.shutdown_grace_seconds} of the config (10 s when it sets none).
     *
     * @param shutdownGracePeriod the grace period, 0 or more
     * @return this builder
     */
    public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
      requireNonNull(shutdownGracePeriod, "shutdownGracePeriod must not be null");
      if (shutdownGracePeriod.isNegative()) {
        throw new IllegalArgumentException(
            "shutdownGracePeriod: Expecting value >= 0. Found: " + shutdownGracePeriod);
      }
      this.shutdownGracePeriod = shutdownGracePeriod;
      return this;
    }

    /**
     * The security of the HTTP endpoint, when {@link #serveHttp(boolean)} is on: TLS, basic auth
     * and response headers, as Prometheus's exporter-toolkit web config file sets them. Default:
     * {@link WebConfig#none()}, plain HTTP without authentication.
     *
     * @param webConfig the web config, such as {@link
     *     dev.promonitor.core.config.ConfigLoader#loadWebConfig(java.nio.file.Path)} reads it
     * @return this builder
     */
    public Builder webConfig(WebConfig webConfig) {
      this.webConfig = requireNonNull(webConfig, "webConfig must not be null");
      return this;
    }

    /** The timer the scheduler runs on, for tests. */
    Builder timer(Supplier<TaskTimer> timer) {
      this.timer = requireNonNull(timer, "timer must not be null");
      return this;
    }

    /**
     * Creates the host and one exporter instance per enabled entry (their constructors run; their
     * {@code init} waits for the first run).
     *
     * @return the host, not started
     * @throws IllegalStateException when no config was given
     * @throws ExporterException when an exporter's constructor throws; every failing entry is
     *     named, and the instances already created are closed
     */
    public ExporterHost build() {
      if (config == null) {
        throw new IllegalStateException("config must be set");
      }
      return new ExporterHost(this, config);
    }
  }
}
