package dev.promonitor.examples.dirsize;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The config of a {@code dir_size} entry. A key that the file leaves out binds as {@code null}
 * and is replaced by its default here.
 *
 * @param paths {@code paths}: the directories to measure, absolute or relative to the working
 *     directory; required, at least one
 * @param metricPrefix {@code metric_prefix}: the start of every metric name, a valid Prometheus
 *     metric name; default {@code directory}
 * @param followLinks {@code follow_links}: whether symbolic links are followed into the
 *     directories and files they point to; default {@code false}, which counts neither
 * @param maxDepth {@code max_depth}: how many directory levels to descend, 1 for the files directly
 *     in each path; default unlimited ({@link Integer#MAX_VALUE})
 */
public record DirSizeConfig(
    @NotEmpty List<@NotBlank String> paths,
    @Pattern(
            regexp = "[a-zA-Z_:][a-zA-Z0-9_:]*",
            message = "must be a Prometheus metric name: letters, digits, '_' and ':', not starting"
                + " with a digit")
        String metricPrefix,
    Boolean followLinks,
    @Positive Integer maxDepth) {

  /** The default {@code metric_prefix}. */
  public static final String DEFAULT_METRIC_PREFIX = "directory";

  /** Applies the defaults and copies the list. */
  public DirSizeConfig {
    // Not List.copyOf: a null element must reach validation (@NotBlank), not fail here.
    paths = paths == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(paths));
    metricPrefix = metricPrefix == null ? DEFAULT_METRIC_PREFIX : metricPrefix;
    followLinks = followLinks == null ? Boolean.FALSE : followLinks;
    maxDepth = maxDepth == null ? Integer.valueOf(Integer.MAX_VALUE) : maxDepth;
  }
}
