package dev.promonitor.core.testing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A record config: defaults apply in the compact constructor, since Jackson passes {@code null}
 * for a missing key.
 */
public record TestBucketsConfig(
    @NotEmpty List<@NotBlank String> bucketNames,
    String metricName,
    @Nullable @Size(min = 8) String secretAccessKey,
    @Min(1) Integer maxKeys) {

  /** The default of {@code metric_name}. */
  public static final String DEFAULT_METRIC_NAME = "s3_bucket_size_bytes";

  /** Applies the defaults. */
  public TestBucketsConfig {
    bucketNames = bucketNames == null ? List.of() : List.copyOf(bucketNames);
    metricName = metricName == null ? DEFAULT_METRIC_NAME : metricName;
    maxKeys = maxKeys == null ? 1000 : maxKeys;
  }
}
