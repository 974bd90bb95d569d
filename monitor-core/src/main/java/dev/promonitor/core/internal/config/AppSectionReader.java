package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads the {@code app} section into {@link AppSettings}, applying its defaults. */
final class AppSectionReader {

  private static final JsonPointer APP = JsonPointer.compile("/app");
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE);

  private AppSectionReader() {}

  static AppSettings read(
      @Nullable JsonNode section,
      ConfigBinder binder,
      ConstraintChecker checker,
      Problems problems) {
    if (section == null || section.isNull()) {
      return AppSettings.defaults();
    }
    int before = problems.count();
    RawSections.App raw = binder.bind(section, APP, RawSections.App.class, problems);
    if (raw == null) {
      return AppSettings.defaults();
    }
    checker.check(raw, APP, problems);
    ExecutionMode mode = AppSettings.DEFAULT_EXECUTION_MODE;
    if (raw.executionMode() != null) {
      Optional<ExecutionMode> named = ExecutionMode.fromConfigValue(raw.executionMode());
      if (named.isPresent()) {
        mode = named.get();
      } else {
        problems.add(
            APP.appendProperty("execution_mode"),
            "expecting one of: "
                + Arrays.stream(ExecutionMode.values())
                    .map(ExecutionMode::configValue)
                    .collect(Collectors.joining(", ")));
      }
    }
    Duration interval = AppSettings.DEFAULT_EXPORT_INTERVAL;
    if (raw.exportIntervalSeconds() != null && raw.exportIntervalSeconds().signum() > 0) {
      interval = interval(raw.exportIntervalSeconds(), problems);
    }
    String host =
        raw.prometheusHost() != null
            ? raw.prometheusHost().strip()
            : AppSettings.DEFAULT_PROMETHEUS_HOST;
    int port =
        raw.prometheusPort() != null
            ? raw.prometheusPort()
            : AppSettings.DEFAULT_PROMETHEUS_PORT;
    if (problems.count() > before) {
      return AppSettings.defaults();
    }
    return new AppSettings(mode, interval, host, port, raw.threads());
  }

  /** Seconds, fractions allowed, to a duration with nanosecond precision. */
  private static Duration interval(BigDecimal seconds, Problems problems) {
    JsonPointer at = APP.appendProperty("export_interval_seconds");
    if (seconds.compareTo(MAX_SECONDS) > 0) {
      problems.add(at, "expecting value <= " + MAX_SECONDS);
      return AppSettings.DEFAULT_EXPORT_INTERVAL;
    }
    BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP);
    if (nanos.signum() == 0) {
      problems.add(at, "expecting value >= 0.000000001 (one nanosecond)");
      return AppSettings.DEFAULT_EXPORT_INTERVAL;
    }
    BigDecimal[] split = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    return Duration.ofSeconds(split[0].longValueExact(), split[1].longValueExact());
  }
}
