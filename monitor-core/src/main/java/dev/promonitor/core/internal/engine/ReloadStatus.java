package dev.promonitor.core.internal.engine;

/** The outcome of the last config load or reload, for the self-metrics. Thread-safe. */
public final class ReloadStatus {

  private volatile boolean lastSuccessful = true;
  private volatile long lastSuccessEpochMillis;

  /**
   * Creates the status of a config loaded now.
   *
   * @param loadedEpochMillis when the running config was loaded
   */
  public ReloadStatus(long loadedEpochMillis) {
    this.lastSuccessEpochMillis = loadedEpochMillis;
  }

  /**
   * Records a reload that took effect.
   *
   * @param epochMillis when
   */
  public void succeeded(long epochMillis) {
    lastSuccessEpochMillis = epochMillis;
    lastSuccessful = true;
  }

  /** Records a reload that was refused: the running config stays. */
  public void failed() {
    lastSuccessful = false;
  }

  /** Whether the last reload succeeded, {@code true} before any. */
  public boolean lastSuccessful() {
    return lastSuccessful;
  }

  /** When the running config was loaded, in milliseconds since the epoch. */
  public long lastSuccessEpochMillis() {
    return lastSuccessEpochMillis;
  }
}
