package dev.promonitor.core.internal.host;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ExporterException;
import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.internal.engine.Fleet;
import dev.promonitor.core.internal.engine.IdleSignal;
import dev.promonitor.core.internal.engine.InstanceFactory;
import dev.promonitor.core.internal.engine.MetricNameGuard;
import dev.promonitor.core.internal.engine.ReloadStatus;
import dev.promonitor.core.internal.engine.RunDispatcher;
import dev.promonitor.core.internal.engine.RunWatchdog;
import dev.promonitor.core.internal.engine.StatusSnapshots;
import dev.promonitor.core.internal.engine.TaskTimer;
import dev.promonitor.core.internal.engine.WorkerThreads;
import dev.promonitor.core.internal.http.MetricsEndpoint;
import dev.promonitor.core.internal.http.StatusSource;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working pieces of one host, put together from its settings: the instances and their
 * {@link Fleet}, the timer, promonitor's collectors, the metric name guard, the shard and the
 * reload. The host keeps its lifecycle's state and its endpoint and calls these in order: {@link
 * #start} or {@link #runOnce} once, {@link #stop} once.
 */
public final class HostRuntime {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private final HostSettings settings;
  private final TaskTimer timer;
  private final IdleSignal idle = new IdleSignal();
  private final HostCollectors collectors;
  private final ReloadStatus reloads;
  private final MetricNameGuard names;
  // Fixed at build time: a changed app.shard_index or app.shard_count needs a restart.
  private final ShardAssignment shard;
  private final Fleet fleet;
  private final HostReload reload;

  /**
   * Creates one instance per enabled entry of this shard: their constructors run, each under its
   * deadline.
   *
   * @throws ExporterException when a constructor throws; the timer is stopped then
   */
  public HostRuntime(HostSettings settings) {
    this.settings = settings;
    this.timer = settings.timer();
    AppSettings app = settings.config().app();
    this.collectors = new HostCollectors(settings.registry(), settings.jvmMetrics());
    this.shard = ShardAssignment.of(app);
    this.reloads = new ReloadStatus(timer.currentTimeMillis());
    this.names = new MetricNameGuard(collectors.reservedNames());
    InstanceFactory factory =
        new InstanceFactory(timer, names, new RunWatchdog(timer), idle);
    List<ExporterInstance> instances;
    try {
      instances = factory.create(shard.ownEntries(settings.config().enabledExporters()));
    } catch (RuntimeException | Error e) {
      timer.shutdown();
      throw e;
    }
    this.fleet =
        new Fleet(
            timer,
            RunDispatcher.create(
                app.executionMode(), WorkerThreads.count(app, instances.size()), timer),
            idle,
            instances);
    this.reload = new HostReload(settings, shard, factory, fleet, reloads);
  }

  /**
   * The config and its reload.
   *
   * @return the reload, which holds the config that runs now
   */
  public HostReload reload() {
    return reload;
  }

  /**
   * The instances this host runs now.
   *
   * @return the instances, in config order
   */
  public List<ExporterInstance> instances() {
    return fleet.instances();
  }

  /**
   * The execution mode.
   *
   * @return the mode the host was built with (a reload does not change it)
   */
  public ExecutionMode executionMode() {
    return fleet.dispatcher().mode();
  }

  /**
   * Binds the endpoint, whose status pages and API read {@code status}.
   *
   * @throws dev.promonitor.core.EndpointException when the address cannot be bound
   */
  public MetricsEndpoint bindEndpoint(Supplier<List<ExporterStatus>> status) {
    AppSettings app = reload.config().app();
    return HostEndpoint.bind(
        app,
        settings.registry(),
        settings.webConfig(),
        StatusSource.of(app.executionMode().configValue(), shard.index(), shard.count(), status));
  }

  /**
   * promonitor's collectors join the registry, then every instance is initialized and scheduled,
   * as {@link Fleet#start} does; the application's metric names are read once, before any
   * {@code init}.
   *
   * @param stopped whether the host is stopping
   * @throws ExporterException when two exporter types register the same metric name, or the
   *     host's metrics cannot join the registry
   */
  public void start(BooleanSupplier stopped) {
    joinRegistry();
    throwOnClashes(fleet.start(fleet.instances(), stopped));
    if (!stopped.getAsBoolean()) {
      logStarted();
    }
  }

  /**
   * promonitor's collectors join the registry, then every instance runs once, as {@link
   * Fleet#runOnce} does.
   *
   * @param timeout how long to wait for all the runs together
   * @param stopped whether the host is stopping
   * @return the instances whose run did not end in time
   * @throws ExporterException when two exporter types register the same metric name
   */
  public List<ExporterInstance> runOnce(Duration timeout, BooleanSupplier stopped) {
    joinRegistry();
    List<ExporterInstance> unfinished = fleet.runOnce(timeout, stopped);
    throwOnClashes(
        fleet.instances().stream()
            .map(ExporterInstance::nameClash)
            .filter(Objects::nonNull)
            .toList());
    return unfinished;
  }

  /**
   * Stops everything: a start waiting for the inits gives up, every instance is retired within
   * the grace period, the timer stops and promonitor's collectors leave the registry.
   */
  public void stop() {
    idle.signal();
    fleet.retire(fleet.instances(), settings.shutdownGrace(), true);
    timer.shutdown();
    collectors.unregisterAll();
  }

  /**
   * The state of every enabled entry now, in config order, other shards' entries included.
   *
   * @return one status per enabled entry
   */
  public List<ExporterStatus> status() {
    return shard.withOtherShards(
        reload.config().enabledExporters(),
        StatusSnapshots.of(fleet.instances(), fleet.scheduler(), timer));
  }

  private void joinRegistry() {
    collectors.registerAll(fleet, reloads, shard);
    names.applicationNames(
        requireNonNull(settings.applicationMetricNames().get(), "application metric names"));
  }

  private static void throwOnClashes(List<String> clashes) {
    if (!clashes.isEmpty()) {
      throw new ExporterException(String.join("\n", clashes));
    }
  }

  private void logStarted() {
    MonitorConfig config = reload.config();
    AppSettings app = config.app();
    int running = fleet.instances().size();
    LOG.info(
        "Running {} exporter(s) in {} mode with {} worker thread(s)",
        running,
        app.executionMode().configValue(),
        app.executionMode() == ExecutionMode.SYNC ? 1 : WorkerThreads.count(app, running));
    if (shard.count() > 1) {
      LOG.info(
          "Shard {}: running {} of the {} enabled entries",
          shard,
          running,
          config.enabledExporters().size());
    }
    if (running == 0 && shard.count() > 1) {
      LOG.warn("Shard {} has no entries to run: the others run them all", shard);
    } else if (running == 0) {
      LOG.warn(
          "No exporters are enabled: configure entries under 'exporters' in {}", config.source());
    }
  }
}
