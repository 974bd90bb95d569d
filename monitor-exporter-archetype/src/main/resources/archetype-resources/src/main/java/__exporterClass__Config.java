package ${package};

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * The config of a {@code ${exporterType}} entry: the {@code config} map of the entry, bound by name
 * ({@code metric_name} in the file binds to {@code metricName}) and checked with Bean Validation
 * before the exporter is created.
 *
 * @param targets {@code targets}: what to measure; required, at least one
 * @param metricName {@code metric_name}: the gauge's name; default {@code ${exporterType}_value}
 */
public record ${exporterClass}Config(@NotEmpty List<@NotBlank String> targets, String metricName) {

  /** Applies the defaults: a key that the file leaves out binds as {@code null}. */
  public ${exporterClass}Config {
    targets = targets == null ? List.of() : List.copyOf(targets);
    metricName = metricName == null ? "${exporterType}_value" : metricName;
  }
}
