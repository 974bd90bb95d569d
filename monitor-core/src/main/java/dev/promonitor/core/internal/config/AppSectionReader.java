package dev.promonitor.core.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.Durations;
import dev.promonitor.core.internal.shard.HostNames;
import dev.promonitor.core.internal.shard.ShardAssignment;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads the {@code app} section into {@link AppSettings}, applying its defaults. */
final class AppSectionReader {

  private static final JsonPointer APP = JsonPointer.compile("/app");

  private AppSectionReader() {}

  /**
   * The section as read: the settings, and whether it sets {@code timeout_seconds}, which decides
   * the default timeout of each entry (the app's timeout, else the entry's own interval).
   */
  record Section(AppSettings settings, boolean timeoutSet) {}

  static Section read(
      @Nullable JsonNode section,
      Problems problems,
      Path baseDirectory,
      Function<String, @Nullable String> environment,
      @Nullable ShardAssignment shardOverride) {
    if (section == null || section.isNull()) {
      return new Section(
          shardOverride == null
              ? AppSettings.defaults()
              : AppSettings.builder()
                  .shardIndex(shardOverride.index())
                  .shardCount(shardOverride.count())
                  .build(),
          false);
    }
    int before = problems.count();
    RawSections.App raw = SectionBinder.bind(section, APP, RawSections.App.class, problems);
    if (raw == null) {
      return new Section(AppSettings.defaults(), false);
    }
    checkRanges(raw, problems);
    AppSettings.Builder app = AppSettings.builder();
    if (raw.executionMode() != null) {
      named(raw.executionMode(), APP.appendProperty("execution_mode"), ExecutionMode.values(),
              ExecutionMode::configValue, problems)
          .ifPresent(app::executionMode);
    }
    if (raw.onFailure() != null) {
      named(raw.onFailure(), APP.appendProperty("on_failure"), FailurePolicy.values(),
              FailurePolicy::configValue, problems)
          .ifPresent(app::onFailure);
    }
    seconds(raw.exportIntervalSeconds(), APP.appendProperty("export_interval_seconds"), true, problems)
        .ifPresent(app::exportInterval);
    seconds(raw.timeoutSeconds(), APP.appendProperty("timeout_seconds"), true, problems)
        .ifPresent(app::timeout);
    seconds(raw.initialDelaySeconds(), APP.appendProperty("initial_delay_seconds"), false, problems)
        .ifPresent(app::initialDelay);
    seconds(raw.jitterSeconds(), APP.appendProperty("jitter_seconds"), false, problems)
        .ifPresent(app::jitter);
    seconds(raw.shutdownGraceSeconds(), APP.appendProperty("shutdown_grace_seconds"), false, problems)
        .ifPresent(app::shutdownGrace);
    if (raw.prometheusHost() != null) {
      app.prometheusHost(raw.prometheusHost().strip());
    }
    if (raw.prometheusPort() != null) {
      app.prometheusPort(raw.prometheusPort());
    }
    app.threads(raw.threads()).jvmMetrics(raw.jvmMetrics());
    if (raw.maxSeries() != null && raw.maxSeries() >= 0) {
      app.maxSeries(raw.maxSeries());
    }
    Path webConfigFile =
        path(raw.webConfigFile(), APP.appendProperty("web_config_file"), baseDirectory, problems)
            .orElse(null);
    Path configDir =
        path(raw.configDir(), APP.appendProperty("config_dir"), baseDirectory, problems)
            .orElse(null);
    app.webConfigFile(webConfigFile).configDir(configDir);
    if (raw.enableReloadEndpoint() != null) {
      app.enableReloadEndpoint(raw.enableReloadEndpoint());
    }
    if (raw.maxRequests() != null) {
      app.maxRequests(raw.maxRequests());
    }
    if (shardOverride != null) {
      app.shardCount(shardOverride.count()).shardIndex(shardOverride.index());
    } else {
      shard(raw, environment, problems).ifPresent(shard ->
          app.shardCount(shard.count()).shardIndex(shard.index()));
    }
    if (problems.count() > before) {
      // The files named are still read, so that their problems come in the same run.
      return new Section(
          AppSettings.builder().webConfigFile(webConfigFile).configDir(configDir).build(), false);
    }
    return new Section(app.build(), raw.timeoutSeconds() != null);
  }

  private static void checkRanges(RawSections.App raw, Problems problems) {
    SectionRanges.notBlank(raw.configDir(), APP.appendProperty("config_dir"), problems);
    SectionRanges.atLeast(raw.maxRequests(), 1, APP.appendProperty("max_requests"), problems);
    SectionRanges.atLeast(raw.maxSeries(), 0, APP.appendProperty("max_series"), problems);
    SectionRanges.notBlank(raw.prometheusHost(), APP.appendProperty("prometheus_host"), problems);
    SectionRanges.between(raw.prometheusPort(), 0, 65535, APP.appendProperty("prometheus_port"), problems);
    SectionRanges.atLeast(raw.shardCount(), 1, APP.appendProperty("shard_count"), problems);
    SectionRanges.atLeast(raw.threads(), 1, APP.appendProperty("threads"), problems);
    SectionRanges.notBlank(raw.webConfigFile(), APP.appendProperty("web_config_file"), problems);
  }

  /**
   * {@code shard_count} and {@code shard_index}, with {@code auto} read from the host name.
   *
   * @return the shard, or empty after reporting a problem
   */
  private static Optional<ShardAssignment> shard(
      RawSections.App raw, Function<String, @Nullable String> environment, Problems problems) {
    JsonPointer at = APP.appendProperty("shard_index");
    int count = raw.shardCount() == null ? 1 : raw.shardCount();
    if (count < 1) {
      return Optional.empty();
    }
    JsonNode index = raw.shardIndex();
    if (index == null || index.isNull()) {
      return Optional.of(new ShardAssignment(0, count));
    }
    if (index.isTextual() && index.textValue().strip().equals("auto")) {
      HostNames.HostName host = HostNames.current(environment);
      OptionalInt fromHost = HostNames.trailingIndex(host.name());
      if (fromHost.isEmpty()) {
        problems.add(
            at,
            "auto takes the index from the number at the end of the host name, as a StatefulSet"
                + " names its pods (promonitor-2 is shard 2), but the host name '"
                + host.name()
                + "' (from "
                + host.origin()
                + ") has none");
        return Optional.empty();
      }
      if (fromHost.getAsInt() >= count) {
        problems.add(
            at,
            "the host name '"
                + host.name()
                + "' (from "
                + host.origin()
                + ") gives index "
                + fromHost.getAsInt()
                + "; expecting value < app.shard_count ("
                + count
                + ")");
        return Optional.empty();
      }
      return Optional.of(new ShardAssignment(fromHost.getAsInt(), count));
    }
    if (!index.isIntegralNumber() || !index.canConvertToInt() || index.intValue() < 0) {
      problems.add(at, "expecting an integer >= 0, or auto");
      return Optional.empty();
    }
    if (index.intValue() >= count) {
      problems.add(at, "expecting value < app.shard_count (" + count + ")");
      return Optional.empty();
    }
    return Optional.of(new ShardAssignment(index.intValue(), count));
  }

  /** A path relative to {@code baseDirectory}; blank values are refused by {@link #checkRanges}. */
  private static Optional<Path> path(
      @Nullable String value, JsonPointer at, Path baseDirectory, Problems problems) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(baseDirectory.resolve(value.strip()).normalize());
    } catch (InvalidPathException e) {
      problems.add(at, "not a valid path: " + e.getReason());
      return Optional.empty();
    }
  }

  /**
   * Finds the constant that a config value names, or reports the allowed values.
   *
   * @return the constant, or empty after reporting a problem
   */
  static <T> Optional<T> named(
      String value, JsonPointer at, T[] constants, Function<T, String> configValue, Problems problems) {
    Optional<T> named =
        Arrays.stream(constants).filter(constant -> configValue.apply(constant).equals(value)).findFirst();
    if (named.isEmpty()) {
      problems.add(
          at,
          "expecting one of: "
              + Arrays.stream(constants).map(configValue).collect(Collectors.joining(", ")));
    }
    return named;
  }

  /**
   * Seconds, fractions allowed, to a duration with nanosecond precision; the range is checked by
   * {@link Durations#fromSeconds}, the one range check of durations.
   *
   * @param positive whether 0 is out of range
   * @return the duration, or empty when absent or out of range (after reporting a problem)
   */
  static Optional<Duration> seconds(
      @Nullable BigDecimal seconds, JsonPointer at, boolean positive, Problems problems) {
    if (seconds == null) {
      return Optional.empty();
    }
    Durations.Converted converted =
        Durations.fromSeconds(seconds, positive ? Durations.Bound.POSITIVE : Durations.Bound.ZERO_OR_MORE);
    if (converted.problem() != null) {
      problems.add(at, converted.problem());
      return Optional.empty();
    }
    return Optional.ofNullable(converted.duration());
  }
}
