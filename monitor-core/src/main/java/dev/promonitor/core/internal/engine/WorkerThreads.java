package dev.promonitor.core.internal.engine;

import dev.promonitor.core.config.AppSettings;

/** How many worker threads a host runs its exporters on. */
public final class WorkerThreads {

  private WorkerThreads() {}

  /**
   * The worker pool size for a host running {@code enabledExporters} instances.
   *
   * @param app the app settings
   * @param enabledExporters the number of enabled exporter instances
   * @return {@code app.threads} when set, else {@code enabledExporters} clamped to 1..{@value
   *     AppSettings#MAX_DEFAULT_THREADS}
   */
  public static int count(AppSettings app, int enabledExporters) {
    Integer threads = app.threads();
    if (threads != null) {
      return threads;
    }
    return Math.max(1, Math.min(AppSettings.MAX_DEFAULT_THREADS, enabledExporters));
  }
}
