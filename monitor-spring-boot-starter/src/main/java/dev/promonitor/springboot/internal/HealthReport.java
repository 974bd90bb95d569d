package dev.promonitor.springboot.internal;

import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.internal.SecretMasking;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code promonitor} health contributor shows, for either Spring Boot line: one detail
 * per exporter (state, last success, last error with secrets masked, consecutive failures), and
 * DOWN only when asked for and an exporter's last run failed or timed out.
 *
 * @param down whether the contributor is DOWN
 * @param details the details, by exporter ({@code type.name})
 */
public record HealthReport(boolean down, Map<String, Object> details) {

  /**
   * The report of a host now.
   *
   * @param exporters the host's status
   * @param downOnFailure {@code promonitor.health.down-on-failure}
   * @return the report
   */
  public static HealthReport of(List<ExporterStatus> exporters, boolean downOnFailure) {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean failing = false;
    for (ExporterStatus status : exporters) {
      Map<String, @Nullable Object> detail = new LinkedHashMap<>();
      detail.put("state", status.state().name().toLowerCase(Locale.ROOT));
      detail.put("lastSuccess", time(status.lastSuccess()));
      detail.put("lastError", status.lastError() == null ? null : SecretMasking.mask(status.lastError()));
      detail.put("consecutiveFailures", status.consecutiveFailures());
      details.put(
          status.name().equals(status.type()) ? status.type() : status.type() + "." + status.name(),
          detail);
      failing |=
          status.state() == ExporterStatus.State.FAILING
              || status.state() == ExporterStatus.State.TIMED_OUT;
    }
    return new HealthReport(downOnFailure && failing, details);
  }

  private static @Nullable String time(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
