package dev.promonitor.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a host runs its exporters: the config key {@code app.execution_mode}. */
public enum ExecutionMode {
  /** One worker thread runs the due exporters one after another. */
  SYNC,
  /**
   * {@link dev.promonitor.api.AsyncExporter}s run concurrently without holding a thread; blocking
   * exporters run on a bounded pool of {@code app.threads} workers.
   */
  ASYNC,
  /**
   * Every run, of either kind, holds one of {@code app.threads} worker threads until it ends, so
   * that the pool bounds how many exporters run at once.
   */
  MULTITHREADED;

  /**
   * The value as written in config files.
   *
   * @return {@code sync}, {@code async} or {@code multithreaded}
   */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds the mode that a config value names.
   *
   * @param value the value as written in the file, case-sensitive like the Python framework's
   * @return the mode, or empty when the value names none
   */
  public static Optional<ExecutionMode> fromConfigValue(String value) {
    return Arrays.stream(values()).filter(mode -> mode.configValue().equals(value)).findFirst();
  }
}
