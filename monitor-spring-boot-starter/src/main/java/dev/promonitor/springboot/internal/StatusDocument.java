package dev.promonitor.springboot.internal;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.Version;
import dev.promonitor.core.internal.SecretMasking;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code /api/v1/exporters} (docs/status-api.md) as maps and lists, which the
 * actuator writes with whichever JSON library its Spring Boot line uses: times in RFC 3339 UTC
 * with milliseconds, durations in seconds, unknown values as {@code null}.
 */
final class StatusDocument {

  /** Longer error messages are cut, as on the status API. */
  static final int MAX_ERROR_LENGTH = 2000;

  private StatusDocument() {}

  static Map<String, @Nullable Object> of(ExporterHost host, Instant now) {
    Map<String, @Nullable Object> root = new LinkedHashMap<>();
    root.put("version", Version.current());
    root.put("mode", host.executionMode().configValue());
    root.put("generated_at", time(now));
    List<Map<String, @Nullable Object>> exporters = new ArrayList<>();
    for (ExporterStatus status : host.status()) {
      Map<String, @Nullable Object> exporter = new LinkedHashMap<>();
      exporter.put("type", status.type());
      exporter.put("name", status.name());
      exporter.put("state", status.state().name().toLowerCase(Locale.ROOT));
      exporter.put("interval_seconds", seconds(status.interval()));
      exporter.put("timeout_seconds", seconds(status.timeout()));
      exporter.put("last_run_end", time(status.lastRunEnd()));
      exporter.put("last_run_duration_seconds", seconds(status.lastRunDuration()));
      exporter.put("last_success", time(status.lastSuccess()));
      exporter.put("next_run", time(status.nextRun()));
      exporter.put("consecutive_failures", status.consecutiveFailures());
      exporter.put("last_error", error(status.lastError()));
      Map<String, Object> runs = new LinkedHashMap<>();
      runs.put("success", status.successes());
      runs.put("failure", status.failures());
      runs.put("timeout", status.timeouts());
      exporter.put("runs", runs);
      exporter.put("skipped_runs", status.skipped());
      exporter.put("series", status.series());
      exporters.add(exporter);
    }
    root.put("exporters", exporters);
    return root;
  }

  private static @Nullable String time(@Nullable Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static @Nullable BigDecimal seconds(@Nullable Duration duration) {
    if (duration == null) {
      return null;
    }
    BigDecimal seconds =
        BigDecimal.valueOf(duration.getSeconds())
            .add(BigDecimal.valueOf(duration.getNano(), 9))
            .stripTrailingZeros();
    // 60, not 6E+1: the actuator's JSON writer prints a BigDecimal as its toString().
    return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
  }

  private static @Nullable String error(@Nullable String message) {
    if (message == null) {
      return null;
    }
    String masked = SecretMasking.mask(message);
    return masked.length() <= MAX_ERROR_LENGTH
        ? masked
        : masked.substring(0, MAX_ERROR_LENGTH) + "…";
  }
}
