package dev.promonitor.core.internal.engine;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import dev.promonitor.core.ExporterException;
import dev.promonitor.core.ExporterProblem;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.internal.SecretMasking;
import dev.promonitor.core.internal.config.EntrySource;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the exporter instances of config entries: each constructor runs reflectively, with the
 * exporter's class loader as context class loader and its settings injected, on a thread of its
 * own under the entry's timeout. All or nothing: when one constructor fails, the instances already
 * created are closed and every failing entry is named in one {@link ExporterException}.
 */
public final class InstanceFactory {

  private final TaskTimer timer;
  private final MetricNameGuard names;
  private final RunWatchdog watchdog;
  private final IdleSignal idle;

  /**
   * Creates the factory of one host.
   *
   * @param timer the host's timer
   * @param names the host's name guard
   * @param watchdog the host's run watchdog
   * @param idle signalled whenever a run ends
   */
  public InstanceFactory(TaskTimer timer, MetricNameGuard names, RunWatchdog watchdog, IdleSignal idle) {
    this.timer = requireNonNull(timer, "timer must not be null");
    this.names = requireNonNull(names, "names must not be null");
    this.watchdog = requireNonNull(watchdog, "watchdog must not be null");
    this.idle = requireNonNull(idle, "idle must not be null");
  }

  /**
   * Creates one instance per entry, in order.
   *
   * @param entries enabled entries, each with its provider
   * @return the instances
   * @throws ExporterException when a constructor throws or does not return within the entry's
   *     timeout; nothing is left created then
   */
  public List<ExporterInstance> create(List<ExporterEntry> entries) {
    List<ExporterInstance> created = new ArrayList<>();
    List<ExporterProblem> failures = new ArrayList<>();
    for (ExporterEntry entry : entries) {
      ExporterProvider provider = requireNonNull(entry.provider());
      try {
        BaseExporter<?> exporter =
            BoundedCalls.call(entry.schedule().timeout(), () -> instantiate(entry, provider));
        created.add(new ExporterInstance(exporter, entry.schedule(), timer, names, watchdog, idle));
      } catch (Throwable e) {
        Throwable cause =
            e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
        ExporterCalls.rethrowIfFatal(cause);
        String reason =
            e instanceof BoundedCalls.DeadlineExceeded
                ? "its constructor " + e.getMessage()
                : SecretMasking.mask(String.valueOf(cause));
        failures.add(
            new ExporterProblem(
                entry.qualifiedName(),
                ExporterProblem.Phase.CREATE,
                "exporter '"
                    + entry.qualifiedName()
                    + "' ("
                    + provider.exporterClass().getName()
                    + " from "
                    + provider.source()
                    + ", "
                    + EntrySource.of(entry).location()
                    + ") could not be created: "
                    + reason,
                cause));
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (!failures.isEmpty()) {
      InstanceCloser.closeAll(created, System.nanoTime() + Fleet.CLOSE_BUDGET_NANOS);
      throw new ExporterException(failures);
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
            new LazyLogger("exporters." + entry.qualifiedName()),
            new InstanceRegistry());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(provider.exporterClass().getClassLoader());
    try {
      return ExporterInstantiation.instantiate(provider.exporterClass(), context);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
