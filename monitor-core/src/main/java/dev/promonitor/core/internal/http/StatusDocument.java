package dev.promonitor.core.internal.http;

import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.internal.Durations;
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
 * The document of {@code /api/v1/exporters}, as documented in {@code docs/status-api.md}, as
 * ordered maps and lists: times in RFC 3339 UTC with milliseconds, durations in seconds as exact
 * decimals, unknown values as {@code null}. {@link StatusJson} writes it for the host's endpoint;
 * an application's own JSON writer (the Spring Boot actuator's) can write it as it is.
 */
public final class StatusDocument {

  /** Longer error messages are cut, so that one exporter's stack of causes cannot bloat a poll. */
  public static final int MAX_ERROR_LENGTH = 2000;

  private StatusDocument() {}

  /**
   * The state of a host.
   *
   * @param version the framework version
   * @param source the host
   * @param now the time of the answer
   * @return the document, in the order of docs/status-api.md
   */
  public static Map<String, @Nullable Object> of(String version, StatusSource source, Instant now) {
    Map<String, @Nullable Object> root = new LinkedHashMap<>();
    root.put("version", version);
    root.put("mode", source.mode());
    root.put("generated_at", time(now));
    Map<String, Object> shard = new LinkedHashMap<>();
    shard.put("index", source.shardIndex());
    shard.put("count", source.shardCount());
    root.put("shard", shard);
    List<Map<String, @Nullable Object>> exporters = new ArrayList<>();
    for (ExporterStatus status : source.exporters()) {
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
      exporter.put("sharding", status.sharding().configValue());
      exporter.put("shard", status.shard());
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
    // Exact decimals: 0.25, not 0.25000000000000001; 60, not 6E+1, whatever writes the document.
    return duration == null ? null : Durations.decimalSeconds(duration);
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
