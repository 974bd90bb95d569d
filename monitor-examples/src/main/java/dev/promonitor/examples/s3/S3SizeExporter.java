package dev.promonitor.examples.s3;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Measures S3 buckets: the total size and the number of objects of each configured bucket, listed
 * with ListObjectsV2 on every export. Works with AWS and with S3-compatible stores (MinIO, Ceph,
 * S3Proxy) through {@code endpoint_url}.
 *
 * <pre>{@code
 * exporters:
 *   - type: s3_size
 *     name: backups
 *     config:
 *       bucket_names: [backups-eu, backups-us]
 *       region: eu-west-1              # default: the SDK's region chain
 *       prefix: daily/                 # default: the whole bucket
 * }</pre>
 *
 * <p>gives, for each bucket (label {@code bucket_name}):
 *
 * <ul>
 *   <li>{@code s3_bucket_size_bytes} ({@code metric_name}): the total size of the objects;
 *   <li>{@code s3_bucket_objects} ({@code object_count_metric_name}): the number of objects;
 *   <li>{@code s3_bucket_scrape_errors_total} ({@code scrape_errors_metric_name}): how many times
 *       listing the bucket failed.
 * </ul>
 *
 * <p>Credentials come from the AWS SDK's default chain (system properties, environment,
 * web identity, profile, container and instance roles), never from the config. Buckets are
 * listed concurrently, at most {@code max_concurrency} at once, each following the listing's
 * pagination to the end. A bucket that cannot be listed (missing, access denied, unreachable)
 * loses its size and count series rather than keep stale values, has its error counter
 * incremented, is logged at WARN with the S3 error code once until it recovers, and does not stop
 * the other buckets. When every bucket fails, the export fails naming each with its error.
 */
@ExporterType("s3_size")
public final class S3SizeExporter extends BaseExporter<S3SizeConfig> {

  /** How long an idle lister thread waits for the next export before it ends. */
  private static final Duration IDLE_THREAD_TIMEOUT = Duration.ofSeconds(30);

  private @Nullable S3Client client;
  private @Nullable DefaultCredentialsProvider credentials;
  private @Nullable ThreadPoolExecutor listers;
  private @Nullable Gauge sizeBytes;
  private @Nullable Gauge objects;
  private @Nullable Counter scrapeErrors;

  /** Buckets whose last listing failed, so that a lasting failure is logged at WARN once. */
  private final Set<String> failing = new HashSet<>();

  /** Created by the framework, which injects the config. */
  public S3SizeExporter() {
    super();
  }

  /**
   * Registers the metrics and creates the S3 client and the lister threads.
   *
   * @throws IllegalStateException when no region is configured and the SDK finds none
   */
  @Override
  protected void init() {
    S3SizeConfig config = config();
    Set<String> buckets = new LinkedHashSet<>(config.bucketNames());
    Gauge newSizeBytes =
        Gauge.build(config.metricName(), "Total size of the objects in an S3 bucket.")
            .labelNames("bucket_name")
            .register(registry());
    Gauge newObjects =
        Gauge.build(config.objectCountMetricName(), "Number of objects in an S3 bucket.")
            .labelNames("bucket_name")
            .register(registry());
    Counter newScrapeErrors =
        Counter.build(config.scrapeErrorsMetricName(), "Number of failed listings of an S3 bucket.")
            .labelNames("bucket_name")
            .register(registry());
    // Present from the start, so that rate() and increase() see the first failure.
    buckets.forEach(bucket -> newScrapeErrors.labels(bucket));

    DefaultCredentialsProvider newCredentials = DefaultCredentialsProvider.builder().build();
    S3Client newClient;
    try {
      newClient = buildClient(config, newCredentials);
    } catch (RuntimeException e) {
      newCredentials.close();
      throw e;
    }
    int threads = Math.min(config.maxConcurrency(), buckets.size());
    ThreadPoolExecutor newListers =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_THREAD_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            listerThreads());
    newListers.allowCoreThreadTimeOut(true);

    sizeBytes = newSizeBytes;
    objects = newObjects;
    scrapeErrors = newScrapeErrors;
    credentials = newCredentials;
    client = newClient;
    listers = newListers;
  }

  private static S3Client buildClient(S3SizeConfig config, DefaultCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentials)
            .forcePathStyle(config.pathStyleAccess())
            .overrideConfiguration(
                override ->
                    override.apiCallTimeout(Duration.ofSeconds(config.requestTimeoutSeconds())));
    String endpointUrl = config.endpointUrl();
    if (endpointUrl != null) {
      builder.endpointOverride(URI.create(endpointUrl));
    } else {
      // Lets one exporter measure buckets of several regions, as AWS users expect.
      builder.crossRegionAccessEnabled(true);
    }
    builder.region(regionOf(config));
    return builder.build();
  }

  private static Region regionOf(S3SizeConfig config) {
    String region = config.region();
    if (region != null) {
      return Region.of(region);
    }
    if (config.endpointUrl() != null) {
      // S3-compatible stores rarely care, but the signature needs one; no AWS config required.
      return Region.US_EAST_1;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new IllegalStateException(
          "no AWS region: set region in the config, or AWS_REGION in the environment, or a"
              + " region in the AWS profile",
          e);
    }
  }

  private ThreadFactory listerThreads() {
    AtomicInteger count = new AtomicInteger();
    String prefix = "s3-lister-" + this + "-";
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Lists every configured bucket, at most {@code max_concurrency} at once, and updates its
   * metrics.
   *
   * @throws IOException when not a single bucket could be measured, naming each with its error
   * @throws InterruptedException when interrupted while waiting for the listings, which are then
   *     cancelled
   */
  @Override
  public void exportMetrics() throws IOException, InterruptedException {
    ThreadPoolExecutor executor = listers;
    Gauge size = sizeBytes;
    Gauge count = objects;
    Counter errors = scrapeErrors;
    if (executor == null || size == null || count == null || errors == null) {
      throw new IllegalStateException("init() has not run");
    }
    Map<String, Future<Totals>> listings = new LinkedHashMap<>();
    for (String bucket : new LinkedHashSet<>(config().bucketNames())) {
      listings.put(bucket, executor.submit(() -> measure(bucket)));
    }
    List<String> failures = new ArrayList<>();
    try {
      for (Map.Entry<String, Future<Totals>> listing : listings.entrySet()) {
        String bucket = listing.getKey();
        try {
          Totals totals = listing.getValue().get();
          size.labels(bucket).set(totals.bytes());
          count.labels(bucket).set(totals.objects());
          logger().debug("Bucket {}: {} objects, {} bytes", bucket, totals.objects(), totals.bytes());
          if (failing.remove(bucket)) {
            logger().info("Bucket {} can be measured again", bucket);
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Error error) {
            throw error;
          }
          String reason = reasonOf(cause);
          failures.add(bucket + " (" + reason + ")");
          // No size rather than a stale one.
          size.remove(bucket);
          count.remove(bucket);
          errors.labels(bucket).inc();
          if (failing.add(bucket)) {
            logger().warn("Cannot measure bucket {}: {}", bucket, reason);
          } else {
            logger().debug("Still cannot measure bucket {}: {}", bucket, reason);
          }
        }
      }
    } catch (InterruptedException e) {
      listings.values().forEach(future -> future.cancel(true));
      throw e;
    }
    if (!failures.isEmpty() && failures.size() == listings.size()) {
      throw new IOException("cannot measure any bucket: " + String.join(", ", failures));
    }
  }

  /** Lists one bucket (under the prefix) to its last page. */
  private Totals measure(String bucket) {
    S3Client s3 = Objects.requireNonNull(client, "client");
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(config().prefix()).build();
    long bytes = 0;
    long count = 0;
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
      for (S3Object object : page.contents()) {
        Long objectSize = object.size();
        bytes += objectSize == null ? 0 : objectSize;
        count++;
      }
    }
    return new Totals(bytes, count);
  }

  /** The S3 error code and message when S3 answered, else what went wrong on the way. */
  private static String reasonOf(@Nullable Throwable failure) {
    if (failure instanceof AwsServiceException serviceException) {
      AwsErrorDetails details = serviceException.awsErrorDetails();
      String code = details == null ? null : details.errorCode();
      String message = details == null ? null : details.errorMessage();
      if (code == null || code.isBlank()) {
        code = "HTTP " + serviceException.statusCode();
      }
      return message == null || message.isBlank() ? code : code + ": " + message;
    }
    if (failure instanceof SdkClientException clientException) {
      return clientException.getMessage();
    }
    return String.valueOf(failure);
  }

  /** Stops the lister threads and closes the S3 client and the credentials chain. */
  @Override
  public void close() {
    ThreadPoolExecutor executor = listers;
    if (executor != null) {
      executor.shutdownNow();
    }
    S3Client s3 = client;
    if (s3 != null) {
      s3.close();
    }
    DefaultCredentialsProvider chain = credentials;
    if (chain != null) {
      chain.close();
    }
  }

  /** What one listing counted. */
  private record Totals(long bytes, long objects) {}
}
