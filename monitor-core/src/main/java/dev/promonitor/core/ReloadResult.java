package dev.promonitor.core;

import java.util.List;

/**
 * What a config reload changed, by the instances' qualified names ({@code type.name}).
 *
 * @param added instances of new entries, created and started
 * @param removed instances whose entry went away (or was disabled), stopped and closed
 * @param restarted instances whose entry changed, closed and created again
 * @param unchanged instances that kept running, with continuous series
 * @param needsRestart the {@code app} keys that changed but take effect only after a restart
 */
public record ReloadResult(
    List<String> added,
    List<String> removed,
    List<String> restarted,
    List<String> unchanged,
    List<String> needsRestart) {

  /** Copies the lists. */
  public ReloadResult {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    restarted = List.copyOf(restarted);
    unchanged = List.copyOf(unchanged);
    needsRestart = List.copyOf(needsRestart);
  }

  /** Returns a one-line summary for the log. */
  @Override
  public String toString() {
    return "added " + added + ", removed " + removed + ", restarted " + restarted
        + ", unchanged " + unchanged.size() + " exporter(s)"
        + (needsRestart.isEmpty() ? "" : ", needing a restart: " + needsRestart);
  }
}
