package dev.promonitor.examples.s3;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The config of an {@code s3_size} entry. A key that the file leaves out binds as {@code null} and
 * is replaced by its default here. Credentials are deliberately not part of it: they come from the
 * AWS SDK's default credentials chain.
 *
 * @param bucketNames {@code bucket_names}: the buckets to measure; required, at least one
 * @param metricName {@code metric_name}: the name of the total-size gauge, a valid Prometheus
 *     metric name; default {@code s3_bucket_size_bytes}
 * @param objectCountMetricName {@code object_count_metric_name}: the name of the object-count
 *     gauge; default {@code s3_bucket_objects}
 * @param scrapeErrorsMetricName {@code scrape_errors_metric_name}: the name of the per-bucket
 *     error counter, served with the suffix {@code _total}; default {@code s3_bucket_scrape_errors}
 * @param region {@code region}: the AWS region of the client, such as {@code eu-west-1}; default
 *     the SDK's region chain ({@code AWS_REGION}, the profile, the instance), or {@code us-east-1}
 *     when {@code endpoint_url} is set
 * @param endpointUrl {@code endpoint_url}: an {@code http} or {@code https} URL of an
 *     S3-compatible store (MinIO, Ceph, S3Proxy); default none, which means AWS
 * @param pathStyleAccess {@code path_style_access}: address buckets as {@code endpoint/bucket}
 *     rather than {@code bucket.endpoint}, as most S3-compatible stores need; default {@code false}
 * @param prefix {@code prefix}: count only the keys that start with it; default none, the whole
 *     bucket
 * @param maxConcurrency {@code max_concurrency}: how many buckets are listed at once, 1 to 64;
 *     default 4
 * @param requestTimeoutSeconds {@code request_timeout_seconds}: how long one listing request may
 *     take, retries included, 1 to 3600; default 30
 */
public record S3SizeConfig(
    @NotEmpty List<@NotBlank String> bucketNames,
    @Pattern(regexp = METRIC_NAME, message = METRIC_NAME_MESSAGE) String metricName,
    @Pattern(regexp = METRIC_NAME, message = METRIC_NAME_MESSAGE) String objectCountMetricName,
    @Pattern(regexp = METRIC_NAME, message = METRIC_NAME_MESSAGE) String scrapeErrorsMetricName,
    @Nullable @Pattern(regexp = "[a-z0-9-]+", message = "must be an AWS region such as eu-west-1")
        String region,
    @Nullable
        @Pattern(
            regexp = "(?i)https?://[^\\s/?#@]+(/[^\\s?#]*)?",
            message = "must be an http or https URL without user info, query or fragment, such as"
                + " http://127.0.0.1:9000")
        String endpointUrl,
    Boolean pathStyleAccess,
    @Nullable String prefix,
    @Positive @Max(64) Integer maxConcurrency,
    @Positive @Max(3600) Integer requestTimeoutSeconds) {

  /** The default {@code metric_name}. */
  public static final String DEFAULT_METRIC_NAME = "s3_bucket_size_bytes";

  /** The default {@code object_count_metric_name}. */
  public static final String DEFAULT_OBJECT_COUNT_METRIC_NAME = "s3_bucket_objects";

  /** The default {@code scrape_errors_metric_name}. */
  public static final String DEFAULT_SCRAPE_ERRORS_METRIC_NAME = "s3_bucket_scrape_errors";

  /** The default {@code max_concurrency}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 4;

  /** The default {@code request_timeout_seconds}. */
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

  private static final String METRIC_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String METRIC_NAME_MESSAGE =
      "must be a Prometheus metric name: letters, digits, '_' and ':', not starting with a digit";

  /** Applies the defaults and copies the list. */
  public S3SizeConfig {
    // Not List.copyOf: a null element must reach validation (@NotBlank), not fail here.
    bucketNames =
        bucketNames == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(bucketNames));
    metricName = metricName == null ? DEFAULT_METRIC_NAME : metricName;
    objectCountMetricName =
        objectCountMetricName == null ? DEFAULT_OBJECT_COUNT_METRIC_NAME : objectCountMetricName;
    scrapeErrorsMetricName =
        scrapeErrorsMetricName == null ? DEFAULT_SCRAPE_ERRORS_METRIC_NAME : scrapeErrorsMetricName;
    pathStyleAccess = pathStyleAccess == null ? Boolean.FALSE : pathStyleAccess;
    // An empty prefix selects every key, as no prefix does.
    prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    maxConcurrency = maxConcurrency == null ? Integer.valueOf(DEFAULT_MAX_CONCURRENCY) : maxConcurrency;
    requestTimeoutSeconds =
        requestTimeoutSeconds == null
            ? Integer.valueOf(DEFAULT_REQUEST_TIMEOUT_SECONDS)
            : requestTimeoutSeconds;
  }
}
