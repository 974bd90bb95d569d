package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.internal.engine.TaskTimer;
import dev.promonitor.core.internal.host.HostConfigSource;
import dev.promonitor.core.internal.host.HostRuntime;
import dev.promonitor.core.internal.host.HostSettings;
import dev.promonitor.core.internal.http.MetricsEndpoint;
import dev.promonitor.core.internal.http.ReloadHandler;
import io.prometheus.client.CollectorRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs exporters on their schedules and serves their metrics: the host behind the standalone
 * runner, and the way to host exporters inside an application.
 *
 * <p>Inside an application that already serves a registry, the exporters join it:
 *
 * <pre>{@code
 * ExporterHost host = ExporterHost.builder()
 *     .configFile(Path.of("exporters.yml"))          // or .config(...), or .exporter(...) in code
 *     .registry(CollectorRegistry.defaultRegistry)   // the registry the application serves
 *     .build();
 * host.start();
 * ...
 * host.close();
 * }</pre>
 *
 * <p>As an embedded exporter host, it serves {@code /metrics} itself:
 *
 * <pre>{@code
 * ExporterHost host = ExporterHost.builder()
 *     .app(AppSettings.builder().prometheusHost("127.0.0.1").prometheusPort(9400).build())
 *     .exporter(DirSizeExporter.class, "logs", new DirSizeConfig(List.of("/var/log"), null, null, null))
 *     .serveHttp(true)
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} creates one exporter instance per enabled entry (their constructors
 * run). {@link #start()} binds the HTTP endpoint (when asked for) before any exporter runs, calls
 * every exporter's {@code init} (concurrently, each under its timeout), refuses metric names that
 * two exporter types share, then schedules the exports. {@link #close()} stops scheduling, lets
 * running exports finish within the grace period, closes every exporter, takes their metrics out of
 * the registry and stops the endpoint.
 *
 * <p>A host holds no global state: it never touches {@link CollectorRegistry#defaultRegistry}
 * unless given it, never calls {@link System#exit}, and several hosts can live in one JVM. Its
 * threads are daemon threads, so it never keeps a JVM alive. Thread-safe.
 */
// Over 400 lines only because of its nested Builder, whose documented setters are public API and
// which holds no logic (internal.host.HostConfigSource resolves the config, HostSettings applies
// the defaults). The host keeps its lifecycle's state, its endpoint and its public Javadoc; the
// work is done by internal.host.HostRuntime (the instances, their Fleet, promonitor's collectors,
// the shard) and the pieces behind it: InstanceFactory creates instances, Fleet runs and retires
// them, HostReload and ReloadPlan apply a reload, StatusSnapshots builds the statuses, and
// internal.http.ReloadHandler serves POST /-/reload.
public final class ExporterHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private final HostSettings settings;
  private final HostRuntime runtime;
  // Guards the state and the endpoint; never held while exporter code runs or is waited for.
  private final Object lock = new Object();
  // Serializes reloads, which wait for exporter code within bounds; a stop does not take it.
  private final Object reloading = new Object();
  private @Nullable MetricsEndpoint endpoint;
  private volatile State state = State.CREATED;

  private enum State {
    CREATED,
    STARTED,
    CLOSED
  }

  private ExporterHost(HostSettings settings) {
    this.settings = settings;
    this.runtime = new HostRuntime(settings);
  }

  /**
   * Starts building a host.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the HTTP endpoint when asked for, then initializes every exporter, each on a worker
   * under its timeout, and schedules each one as soon as its own {@code init} has ended: its
   * first export is due at once (after its initial delay and jitter, when it has some). Returns
   * when every {@code init} has ended or timed out, or when the host is closed meanwhile.
   *
   * <p>An exporter whose {@code init} fails is logged and retried before its next export; it does
   * not keep the others from starting.
   *
   * @throws EndpointException when the endpoint cannot bind its address; no exporter was
   *     initialized then
   * @throws ExporterException when two exporter types register the same metric name, or the
   *     host's metrics cannot join the given registry; the host is closed then
   * @throws IllegalStateException when the host was already started or closed
   */
  public void start() {
    begin();
    try {
      if (settings.serveHttp()) {
        MetricsEndpoint started = runtime.bindEndpoint(this::status);
        synchronized (lock) {
          if (state == State.CLOSED) {
            started.close(); // closed while it was binding
            return;
          }
          endpoint = started;
        }
        if (config().app().enableReloadEndpoint() && settings.reloadSource() != null) {
          started.addHandler("/-/reload", new ReloadHandler(this::reload));
        }
      }
      runtime.start(this::isClosed);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Runs every exporter once instead of starting the host, for {@link OnceRunner}: {@code init},
   * then one export, without a schedule.
   *
   * @param timeout how long to wait for all the runs together
   * @return the instances whose run did not end in time
   * @throws ExporterException when two exporter types register the same metric name
   */
  List<ExporterInstance> runOnce(Duration timeout) {
    begin();
    return runtime.runOnce(timeout, this::isClosed);
  }

  private void begin() {
    synchronized (lock) {
      if (state != State.CREATED) {
        throw new IllegalStateException(
            "the host was already " + state.name().toLowerCase(Locale.ROOT));
      }
      state = State.STARTED;
    }
  }

  private boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * The address of the HTTP endpoint, with the real port when port 0 was configured.
   *
   * @return the address, or empty when the host serves no HTTP or is not started
   */
  public Optional<InetSocketAddress> httpAddress() {
    synchronized (lock) {
      return Optional.ofNullable(endpoint).map(MetricsEndpoint::address);
    }
  }

  /**
   * The registry that serves the exporters' metrics.
   *
   * @return the registry given to the builder, or the host's own
   */
  public CollectorRegistry registry() {
    return settings.registry();
  }

  /**
   * The config this host runs.
   *
   * @return the config
   */
  public MonitorConfig config() {
    return runtime.reload().config();
  }

  /**
   * Stops the host: no run starts after this is called; running exports get the grace period to
   * finish, after which they are interrupted; then every exporter's {@code close()} is called once
   * (but for one still stuck in a run), its metrics leave the registry and the endpoint stops.
   * Idempotent, and bounded whatever the exporters do: a hung run or {@code close()} delays it by
   * the grace period and one and a half seconds at most. It does not wait for a start or a reload
   * in progress, which give up when they see the host closed.
   */
  @Override
  public void close() {
    boolean started;
    MetricsEndpoint stopping;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      started = state == State.STARTED;
      state = State.CLOSED;
      stopping = endpoint;
    }
    runtime.stop();
    if (stopping != null) {
      stopping.close();
    }
    if (started) {
      LOG.info("Stopped {} exporter(s)", runtime.instances().size());
    }
  }

  /**
   * Applies a new config without a restart. The new config is complete and valid before anything
   * changes (the supplier loads and validates it; every new exporter is constructed first); if it
   * is not, the running config stays and the failure is counted in
   * {@code monitor_config_last_reload_successful}. Then only the instances whose entry changed
   * (type, name, config, schedule) or went away are stopped (their running export gets the grace
   * period) and closed, and new or changed entries are created, initialized and scheduled without
   * waiting for their {@code init}; the others keep running with continuous series. App settings
   * that need a restart (the address, the execution mode, the threads, JVM metrics, the grace
   * period) are reported, not applied; the worker pool follows the number of exporters.
   *
   * <p>Unchanged entries are recognized by equal configs: records compare their values; a plain
   * config class without {@code equals} makes its instance restart at every reload.
   *
   * @param newConfig loads and validates the new config, throwing when it cannot
   * @return what changed
   * @throws RuntimeException what {@code newConfig} threw ({@link dev.promonitor.core.config.ConfigException}),
   *     or {@link ExporterException} when a new exporter cannot be constructed; nothing changed
   * @throws IllegalStateException when the host is not running, or stopped during the reload
   */
  public ReloadResult reload(Supplier<MonitorConfig> newConfig) {
    requireNonNull(newConfig, "newConfig must not be null");
    synchronized (reloading) {
      if (state != State.STARTED) {
        throw new IllegalStateException("only a started host can reload its config");
      }
      return runtime
          .reload()
          .apply(
              newConfig,
              swap -> {
                synchronized (lock) {
                  if (state != State.STARTED) {
                    return false;
                  }
                  swap.run();
                  return true;
                }
              });
    }
  }

  /**
   * Reloads the config from the builder's {@link Builder#reloadSource reload source}, as
   * {@link #reload(Supplier)} does: on SIGHUP in the runner, or on {@code POST /-/reload}.
   *
   * @return what changed
   * @throws IllegalStateException when the host has no reload source or is not running
   */
  public ReloadResult reload() {
    Supplier<MonitorConfig> source = settings.reloadSource();
    if (source == null) {
      throw new IllegalStateException("this host has no reload source: set one on its builder");
    }
    return reload(source);
  }

  /**
   * The state of every enabled entry now, in config order: those this host runs, and on a shard
   * of a sharded runner those that other shards run, in {@link ExporterStatus.State#OTHER_SHARD}
   * with the shard that runs them. Reads what the runs recorded; never calls exporter code.
   *
   * @return one status per enabled entry
   */
  public List<ExporterStatus> status() {
    return runtime.status();
  }

  /**
   * The execution mode the host runs in.
   *
   * @return the mode it was started with (a reload does not change it)
   */
  public ExecutionMode executionMode() {
    return runtime.executionMode();
  }

  /** The instances, for tests in this package. */
  List<ExporterInstance> instances() {
    return runtime.instances();
  }

  /** Builds an {@link ExporterHost}. Not thread-safe. */
  public static final class Builder {

    private @Nullable MonitorConfig config;
    private @Nullable Path configFile;
    private @Nullable AppSettings app;
    private final List<HostConfigSource.CodeExporter> codeExporters = new ArrayList<>();
    private @Nullable CollectorRegistry registry;
    private Supplier<? extends Set<String>> applicationMetricNames = Set::of;
    private boolean serveHttp;
    private @Nullable Duration shutdownGracePeriod;
    private @Nullable Supplier<TaskTimer> timer;
    private @Nullable WebConfig webConfig;
    private @Nullable Supplier<MonitorConfig> reloadSource;
    private Consumer<MonitorConfig> afterReload = reloaded -> {};

    private Builder() {}

    /**
     * A loaded config to run. A config, a {@link #configFile} or an {@link #exporter} is required;
     * exporters registered in code run after the config's entries, scheduled by its {@code app}
     * section.
     *
     * @param config a config, see {@link ConfigLoader}
     * @return this builder
     */
    public Builder config(MonitorConfig config) {
      this.config = requireNonNull(config, "config must not be null");
      return this;
    }

    /**
     * A config file to load, with the exporters found on the class path of the thread's context
     * class loader, as {@link ConfigLoader#load} loads it: with its config dir and the web config
     * file that {@code app.web_config_file} names, which then secures the endpoint.
     *
     * @param configFile a YAML or JSON config file
     * @return this builder
     */
    public Builder configFile(Path configFile) {
      this.configFile = requireNonNull(configFile, "configFile must not be null");
      return this;
    }

    /**
     * The {@code app} settings for exporters registered in code with {@link #exporter}. Default:
     * {@link AppSettings#defaults()}.
     *
     * @param app the settings
     * @return this builder
     */
    public Builder app(AppSettings app) {
      this.app = requireNonNull(app, "app must not be null");
      return this;
    }

    /**
     * Registers an exporter in code, scheduled as the {@link #app} settings (or the config's {@code
     * app} section, beside a {@link #config} or {@link #configFile}) say.
     *
     * @param <C> the config type
     * @param exporterClass the exporter class, carrying {@link dev.promonitor.api.ExporterType}
     * @param name the instance name
     * @param config its config, validated like one from a file; {@code null} for {@code Void}
     * @return this builder
     */
    public <C> Builder exporter(
        Class<? extends BaseExporter<C>> exporterClass, String name, @Nullable C config) {
      return exporter(exporterClass, name, config, null);
    }

    /**
     * Registers an exporter in code with a schedule of its own.
     *
     * @param <C> the config type
     * @param exporterClass the exporter class, carrying {@link dev.promonitor.api.ExporterType}
     * @param name the instance name
     * @param config its config, validated like one from a file; {@code null} for {@code Void}
     * @param schedule its schedule, or {@code null} for the {@link #app} settings' default
     * @return this builder
     */
    public <C> Builder exporter(
        Class<? extends BaseExporter<C>> exporterClass,
        String name,
        @Nullable C config,
        @Nullable ExporterSchedule schedule) {
      requireNonNull(exporterClass, "exporterClass must not be null");
      requireNonNull(name, "name must not be null");
      int index = codeExporters.size();
      codeExporters.add(
          HostConfigSource.codeExporter(exporterClass, name, config, schedule, index));
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
     * The metric names that the application's own registry serves already, when the exporters'
     * metrics join it (as {@code monitor-client-java} and the Spring Boot starter do): an exporter
     * that registers or exports one of them is refused like a clash between two exporter types,
     * so that the application's scrape never meets a duplicate name. Default: none.
     *
     * @param names the names, as the exposition format shows them without a counter's
     *     {@code _total}; read once by {@link ExporterHost#start()}, before any {@code init}, so
     *     that metrics the application registers until then count too
     * @return this builder
     */
    public Builder applicationMetricNames(Supplier<? extends Set<String>> names) {
      this.applicationMetricNames = requireNonNull(names, "names must not be null");
      return this;
    }

    /**
     * Whether the host serves {@code /metrics} itself, on {@code app.prometheus_host} and
     * {@code app.prometheus_port}. Default {@code false}: an application that serves its own
     * registry passes it to {@link #registry} instead.
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
     * {@code app.shutdown_grace_seconds} (10 s when it is not set).
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
     * the config's own ({@code app.web_config_file}), else {@link WebConfig#none()}, plain HTTP
     * without authentication. Setting it for a config that has a web config file is an error at
     * {@link #build()}: the endpoint's security has one source.
     *
     * @param webConfig the web config, such as {@link
     *     dev.promonitor.core.config.ConfigLoader#loadWebConfig(java.nio.file.Path)} reads it
     * @return this builder
     */
    public Builder webConfig(WebConfig webConfig) {
      this.webConfig = requireNonNull(webConfig, "webConfig must not be null");
      return this;
    }

    /**
     * Where {@link ExporterHost#reload()} (and {@code POST /-/reload}, when
     * {@code app.enable_reload_endpoint} is on) gets the new config: typically the config file
     * loaded again. Default: with {@link #configFile}, that file; otherwise none.
     *
     * @param reloadSource loads and validates the config, throwing {@link ConfigException} when it
     *     is invalid
     * @return this builder
     */
    public Builder reloadSource(Supplier<MonitorConfig> reloadSource) {
      this.reloadSource = requireNonNull(reloadSource, "reloadSource must not be null");
      return this;
    }

    /**
     * Called with the new config after each reload that took effect, on the reloading thread:
     * for settings outside the host, such as the runner's logging. Default: nothing.
     *
     * @param afterReload what to apply
     * @return this builder
     */
    public Builder afterReload(Consumer<MonitorConfig> afterReload) {
      this.afterReload = requireNonNull(afterReload, "afterReload must not be null");
      return this;
    }

    /** The timer the scheduler runs on, for tests. */
    Builder timer(Supplier<TaskTimer> timer) {
      this.timer = requireNonNull(timer, "timer must not be null");
      return this;
    }

    /**
     * Creates the host and one exporter instance per enabled entry (their constructors run; their
     * {@code init} waits for {@link ExporterHost#start()}).
     *
     * @return the host, not started
     * @throws IllegalStateException when neither a config, a config file nor exporters were given,
     *     or both a config and a config file, or when {@link #webConfig} was set for a config that
     *     has a web config file
     * @throws ConfigException when the config file (or the web config file it names) is invalid,
     *     or an exporter in code has the type and name of another
     * @throws DiscoveryException when the exporters on the class path cannot be loaded
     * @throws ExporterException when an exporter's constructor throws; every failing entry is
     *     named, and the instances already created are closed
     */
    public ExporterHost build() {
      HostConfigSource.Resolved resolved =
          HostConfigSource.resolve(
              config, configFile, app, codeExporters, serveHttp, webConfig != null);
      return new ExporterHost(
          HostSettings.of(
              resolved,
              reloadSource,
              afterReload,
              registry,
              serveHttp,
              webConfig,
              shutdownGracePeriod,
              timer,
              applicationMetricNames));
    }
  }
}
