package dev.promonitor.core.internal.host;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.ReloadResult;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.internal.engine.Fleet;
import dev.promonitor.core.internal.engine.InstanceFactory;
import dev.promonitor.core.internal.engine.ReloadPlan;
import dev.promonitor.core.internal.engine.ReloadStatus;
import dev.promonitor.core.internal.engine.TaskTimer;
import dev.promonitor.core.internal.engine.WorkerThreads;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config a host runs, and the reload that replaces it: the new config and its new instances
 * complete before anything changes, then the swap, the retirement of the removed instances and the
 * start of the created ones. Not thread-safe: the host serializes reloads.
 */
public final class HostReload {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  /** Swaps the instances and the config while the host runs, under the host's lock. */
  @FunctionalInterface
  public interface Swap {
    /**
     * Runs the swap if the host still runs.
     *
     * @return {@code false} when the host stopped, and the swap did not run
     */
    boolean ifRunning(Runnable swap);
  }

  private final HostSettings settings;
  private final ShardAssignment shard;
  private final InstanceFactory factory;
  private final Fleet fleet;
  private final TaskTimer timer;
  private final ReloadStatus reloads;
  private volatile MonitorConfig config;

  /** The host's pieces; the config is {@code settings.config()} until the first reload. */
  public HostReload(
      HostSettings settings,
      ShardAssignment shard,
      InstanceFactory factory,
      Fleet fleet,
      ReloadStatus reloads) {
    this.settings = settings;
    this.shard = shard;
    this.factory = factory;
    this.fleet = fleet;
    this.timer = settings.timer();
    this.reloads = reloads;
    this.config = settings.config();
  }

  /**
   * The config that runs now.
   *
   * @return the config
   */
  public MonitorConfig config() {
    return config;
  }

  /**
   * Applies a new config, as {@code ExporterHost.reload} documents it.
   *
   * @throws IllegalStateException when the host stopped during the reload
   */
  public ReloadResult apply(Supplier<MonitorConfig> newConfig, Swap swap) {
    MonitorConfig running = config;
    MonitorConfig next;
    ReloadPlan plan;
    List<ExporterInstance> created;
    try {
      next = requireNonNull(newConfig.get(), "the new config");
      plan =
          ReloadPlan.of(
              running, fleet.instances(), next, shard.ownEntries(next.enabledExporters()));
      created = factory.create(plan.toCreate());
    } catch (RuntimeException e) {
      reloads.failed();
      LOG.error("Config reload refused, the running config stays: {}", e.getMessage());
      throw e;
    }
    boolean swapped =
        swap.ifRunning(
            () -> {
              fleet.replace(plan.nextInstances(created));
              config = next;
            });
    if (!swapped) {
      fleet.discard(created);
      throw new IllegalStateException("the host stopped during the reload");
    }
    fleet.dispatcher().resize(WorkerThreads.count(running.app(), fleet.instances().size()));
    fleet.retire(plan.removed(), settings.shutdownGrace(), false);
    fleet.startWithoutWaiting(created);
    reloads.succeeded(timer.currentTimeMillis());
    ReloadResult result = plan.result(created);
    LOG.info("Config reloaded: {}", result);
    settings.afterReload().accept(next);
    if (!plan.needsRestart().isEmpty()) {
      LOG.warn(
          "Changed settings that take effect only after a restart: {}",
          String.join(", ", plan.needsRestart()));
    }
    return result;
  }
}
