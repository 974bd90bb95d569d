package dev.promonitor.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code /metrics} shows of an exporter instance after a run that failed or timed out: the
 * config key {@code on_failure}.
 */
public enum FailurePolicy {
  /**
   * Keep serving the values of the last good run. Graphs stay continuous; only
   * {@code monitor_exporter_up} and the last-success timestamp tell that they are getting old.
   */
  KEEP,
  /**
   * Serve none of the instance's series until a run succeeds again, so that no stale value is
   * mistaken for a fresh one. The default: Prometheus's guidelines for exporters ask not to export
   * what could not be obtained, and {@code monitor_exporter_up} stays served for alerting.
   */
  DROP;

  /**
   * The value as written in config files.
   *
   * @return {@code keep} or {@code drop}
   */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds the policy that a config value names.
   *
   * @param value the value as written in the file, case-sensitive
   * @return the policy, or empty when the value names none
   */
  public static Optional<FailurePolicy> fromConfigValue(String value) {
    return Arrays.stream(values()).filter(policy -> policy.configValue().equals(value)).findFirst();
  }
}
