package dev.promonitor.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promonitor.core.ExporterStatus;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.SecretMasking;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code /api/v1/exporters}, as documented in {@code docs/status-api.md}: times in
 * RFC 3339 UTC with milliseconds, durations in seconds, unknown values as JSON {@code null}.
 */
final class StatusJson {

  /** Longer error messages are cut, so that one exporter's stack of causes cannot bloat a poll. */
  static final int MAX_ERROR_LENGTH = 2000;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private StatusJson() {}

  /**
   * Renders the state of a host.
   *
   * @param version the framework version
   * @param source the host
   * @param now the time of the answer
   * @return UTF-8 JSON
   */
  static byte[] render(String version, StatusSource source, Instant now) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", version);
    root.put("mode", source.mode());
    root.put("generated_at", time(now));
    ObjectNode shard = root.putObject("shard");
    shard.put("index", source.shardIndex());
    shard.put("count", source.shardCount());
    ArrayNode exporters = root.putArray("exporters");
    for (ExporterStatus status : source.exporters()) {
      ObjectNode exporter = exporters.addObject();
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
      ObjectNode runs = exporter.putObject("runs");
      runs.put("success", status.successes());
      runs.put("failure", status.failures());
      runs.put("timeout", status.timeouts());
      exporter.put("skipped_runs", status.skipped());
      exporter.put("series", status.series());
      exporter.put("sharding", status.sharding().configValue());
      exporter.put("shard", status.shard());
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable String time(@Nullable Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static @Nullable BigDecimal seconds(@Nullable Duration duration) {
    // Exact decimals: 0.25, not 0.25000000000000001; at most nanosecond precision.
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
