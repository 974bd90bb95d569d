package dev.promonitor.examples.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.examples.testing.RecordingLogger;
import dev.promonitor.testing.ExporterTester;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The exporter against a real S3-compatible server (S3Proxy in this JVM), with credentials from
 * the SDK's default chain (its system properties).
 */
@SuppressWarnings("try")
class S3SizeExporterIT {

  /** photos: 4 objects, 10 + 0 + 1,000 + 12,345 bytes. */
  private static final String PHOTOS = "photos";
  /** logs: 2026/01/a.log (100), 2026/02/b.log (200), other/c.log (7). */
  private static final String LOGS = "logs";
  /** many: 1,001 objects of 3 bytes, more than one page of ListObjectsV2. */
  private static final String MANY = "many";
  private static final String EMPTY = "empty";
  private static final String MISSING = "no-such-bucket";

  private static final Map<String, String> CREDENTIALS =
      Map.of(
          "aws.accessKeyId", S3ProxyServer.ACCESS_KEY_ID,
          "aws.secretAccessKey", S3ProxyServer.SECRET_ACCESS_KEY);

  private static S3ProxyServer server;

  private final RecordingLogger logger = new RecordingLogger("exporters.s3_size.test");
  private final List<ExporterTester.Running<S3SizeExporter>> exporters = new ArrayList<>();
  private final Map<String, @Nullable String> savedProperties = new java.util.HashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(PHOTOS);
    server.putObject(PHOTOS, "a.jpg", 10);
    server.putObject(PHOTOS, "empty.jpg", 0);
    server.putObject(PHOTOS, "dir/b.jpg", 1_000);
    server.putObject(PHOTOS, "dir/sub/c.jpg", 12_345);
    server.createBucket(LOGS);
    server.putObject(LOGS, "2026/01/a.log", 100);
    server.putObject(LOGS, "2026/02/b.log", 200);
    server.putObject(LOGS, "other/c.log", 7);
    server.createBucket(MANY);
    server.putObjects(MANY, "object-", 1_001, 3);
    server.createBucket(EMPTY);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop();
  }

  @BeforeEach
  void useServerCredentials() {
    setCredentials(CREDENTIALS);
  }

  @AfterEach
  void closeExportersAndRestoreProperties() throws Exception {
    for (ExporterTester.Running<S3SizeExporter> exporter : exporters) {
      exporter.close();
    }
    savedProperties.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  private void setCredentials(Map<String, String> properties) {
    properties.forEach(
        (key, value) -> {
          savedProperties.putIfAbsent(key, System.getProperty(key));
          System.setProperty(key, value);
        });
  }

  /** The exporter after its init, named {@code test}, logging to {@link #logger}. */
  private ExporterTester.Running<S3SizeExporter> exporter(S3SizeConfig config) throws Exception {
    ExporterTester.Running<S3SizeExporter> exporter =
        ExporterTester.of(S3SizeExporter.class).name("test").config(config).logger(logger).start();
    exporters.add(exporter);
    return exporter;
  }

  /** A config for the server, path-style, with the given buckets and prefix. */
  private static S3SizeConfig config(@Nullable String prefix, String... buckets) {
    return new S3SizeConfig(
        List.of(buckets),
        null,
        null,
        null,
        null,
        server.endpoint().toString(),
        true,
        prefix,
        null,
        null);
  }

  private @Nullable Double sample(String name, String bucket) {
    var value = exporters.get(exporters.size() - 1).samples().value(name, "bucket_name", bucket);
    return value.isPresent() ? value.getAsDouble() : null;
  }

  @Test
  void measuresTheExactSizeAndObjectCountOfEachBucket() throws Exception {
    var exporter = exporter(config(null, PHOTOS, LOGS, EMPTY));

    exporter.export();

    assertThat(sample("s3_bucket_size_bytes", PHOTOS)).isEqualTo(13_355.0);
    assertThat(sample("s3_bucket_objects", PHOTOS)).isEqualTo(4.0);
    assertThat(sample("s3_bucket_size_bytes", LOGS)).isEqualTo(307.0);
    assertThat(sample("s3_bucket_objects", LOGS)).isEqualTo(3.0);
    assertThat(sample("s3_bucket_size_bytes", EMPTY)).isEqualTo(0.0);
    assertThat(sample("s3_bucket_objects", EMPTY)).isEqualTo(0.0);
    assertThat(sample("s3_bucket_scrape_errors_total", PHOTOS)).isEqualTo(0.0);
    assertThat(logger.lines(Level.WARN)).isEmpty();
  }

  @Test
  void followsPaginationPastTheFirstThousandObjects() throws Exception {
    var exporter = exporter(config(null, MANY));

    exporter.export();

    assertThat(sample("s3_bucket_objects", MANY)).isEqualTo(1_001.0);
    assertThat(sample("s3_bucket_size_bytes", MANY)).isEqualTo(3_003.0);
  }

  @Test
  void prefixCountsOnlyTheKeysUnderIt() throws Exception {
    var exporter = exporter(config("2026/", LOGS));

    exporter.export();

    assertThat(sample("s3_bucket_size_bytes", LOGS)).isEqualTo(300.0);
    assertThat(sample("s3_bucket_objects", LOGS)).isEqualTo(2.0);
  }

  @Test
  void eachExportListsAgain() throws Exception {
    server.createBucket("growing");
    var exporter = exporter(config(null, "growing"));
    exporter.export();
    assertThat(sample("s3_bucket_objects", "growing")).isEqualTo(0.0);

    server.putObject("growing", "new.bin", 42);
    exporter.export();

    assertThat(sample("s3_bucket_size_bytes", "growing")).isEqualTo(42.0);
    assertThat(sample("s3_bucket_objects", "growing")).isEqualTo(1.0);
  }

  @Test
  void metricNamesComeFromTheConfig() throws Exception {
    var exporter =
        exporter(
            new S3SizeConfig(
                List.of(LOGS),
                "store_bytes",
                "store_objects",
                "store_list_errors",
                "eu-central-1",
                server.endpoint().toString(),
                true,
                null,
                1,
                5));

    exporter.export();

    assertThat(sample("store_bytes", LOGS)).isEqualTo(307.0);
    assertThat(sample("store_objects", LOGS)).isEqualTo(3.0);
    assertThat(sample("store_list_errors_total", LOGS)).isEqualTo(0.0);
    assertThat(sample("s3_bucket_size_bytes", LOGS)).isNull();
  }

  @Test
  void missingBucketIsCountedAndLoggedWhileTheOtherIsMeasured() throws Exception {
    var exporter = exporter(config(null, MISSING, PHOTOS));

    exporter.export();

    assertThat(sample("s3_bucket_size_bytes", PHOTOS)).isEqualTo(13_355.0);
    assertThat(sample("s3_bucket_scrape_errors_total", PHOTOS)).isEqualTo(0.0);
    assertThat(sample("s3_bucket_size_bytes", MISSING)).isNull();
    assertThat(sample("s3_bucket_objects", MISSING)).isNull();
    assertThat(sample("s3_bucket_scrape_errors_total", MISSING)).isEqualTo(1.0);
    assertThat(logger.lines(Level.WARN))
        .containsExactly(
            "WARN Cannot measure bucket no-such-bucket: NoSuchBucket: The specified bucket does"
                + " not exist");
  }

  @Test
  void lastingFailureIsLoggedAtWarnOnceAndCountedOnEveryRun() throws Exception {
    var exporter = exporter(config(null, MISSING, PHOTOS));

    exporter.export();
    exporter.export();
    exporter.export();

    assertThat(sample("s3_bucket_scrape_errors_total", MISSING)).isEqualTo(3.0);
    assertThat(logger.lines(Level.WARN)).hasSize(1);
    assertThat(logger.lines(Level.DEBUG))
        .contains(
            "DEBUG Still cannot measure bucket no-such-bucket: NoSuchBucket: The specified bucket"
                + " does not exist");
  }

  @Test
  void bucketThatVanishesLosesItsStaleSeriesAndIsLoggedWhenItComesBack() throws Exception {
    server.createBucket("fleeting");
    server.putObject("fleeting", "x", 5);
    var exporter = exporter(config(null, "fleeting", PHOTOS));
    exporter.export();
    assertThat(sample("s3_bucket_size_bytes", "fleeting")).isEqualTo(5.0);

    server.blobStore().deleteContainer("fleeting");
    exporter.export();
    assertThat(sample("s3_bucket_size_bytes", "fleeting")).isNull();
    assertThat(sample("s3_bucket_objects", "fleeting")).isNull();

    server.createBucket("fleeting");
    server.putObject("fleeting", "y", 6);
    exporter.export();

    assertThat(sample("s3_bucket_size_bytes", "fleeting")).isEqualTo(6.0);
    assertThat(sample("s3_bucket_scrape_errors_total", "fleeting")).isEqualTo(1.0);
    assertThat(logger.lines(Level.INFO)).containsExactly("INFO Bucket fleeting can be measured again");
  }

  /** S3Proxy words the error as "Forbidden"; AWS says the key does not exist in its records. */
  @Test
  void unknownAccessKeyFailsTheRunNamingEveryBucket() throws Exception {
    setCredentials(Map.of("aws.accessKeyId", "not-a-known-key"));
    var exporter = exporter(config(null, PHOTOS, LOGS));

    assertThatThrownBy(exporter::export)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot measure any bucket: photos (InvalidAccessKeyId: Forbidden),"
                + " logs (InvalidAccessKeyId: Forbidden)");
    assertThat(sample("s3_bucket_size_bytes", PHOTOS)).isNull();
    assertThat(sample("s3_bucket_scrape_errors_total", PHOTOS)).isEqualTo(1.0);
    assertThat(sample("s3_bucket_scrape_errors_total", LOGS)).isEqualTo(1.0);
    assertThat(logger.lines(Level.WARN)).hasSize(2);
  }

  @Test
  void wrongSecretKeyFailsTheRunWithTheSignatureError() throws Exception {
    setCredentials(Map.of("aws.secretAccessKey", "not-the-secret"));
    var exporter = exporter(config(null, PHOTOS));

    assertThatThrownBy(exporter::export)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot measure any bucket: photos (SignatureDoesNotMatch")
        .hasMessageNotContaining("not-the-secret");
  }

  @Test
  void listsAtMostMaxConcurrencyBucketsAtOnce() throws Exception {
    var exporter =
        exporter(
            new S3SizeConfig(
                List.of(PHOTOS, LOGS, EMPTY, MANY, MISSING),
                null,
                null,
                null,
                null,
                server.endpoint().toString(),
                true,
                null,
                2,
                null));

    exporter.export();

    assertThat(listerThreads()).hasSize(2);
    assertThat(sample("s3_bucket_objects", MANY)).isEqualTo(1_001.0);
    assertThat(sample("s3_bucket_objects", EMPTY)).isEqualTo(0.0);
  }

  @Test
  void closeEndsTheListerThreads() throws Exception {
    var exporter = exporter(config(null, PHOTOS, LOGS));
    exporter.export();
    assertThat(listerThreads()).isNotEmpty();

    exporter.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!listerThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(listerThreads()).isEmpty();
  }

  private static List<Thread> listerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> thread.getName().startsWith("s3-lister-s3_size.test-"))
        .toList();
  }
}
