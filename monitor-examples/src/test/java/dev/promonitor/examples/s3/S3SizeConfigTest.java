package dev.promonitor.examples.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3SizeConfigTest {

  private static final ConfigLoader LOADER =
      ConfigLoader.create(ExporterCatalog.of(S3SizeExporter.class));

  private static S3SizeConfig bind(String yaml) {
    MonitorConfig config = LOADER.parse(yaml, "s3.yml");
    return (S3SizeConfig) config.exporters().get(0).config();
  }

  private static List<String> problemsOf(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> LOADER.parse(yaml, "s3.yml"));
    assertThat(e).as("a config error").isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void leftOutKeysTakeTheirDefaults() {
    S3SizeConfig config =
        bind(
            """
            exporters:
              - type: s3_size
                config:
                  bucket_names: [photos]
            """);

    assertThat(config)
        .isEqualTo(
            new S3SizeConfig(
                List.of("photos"),
                "s3_bucket_size_bytes",
                "s3_bucket_objects",
                "s3_bucket_scrape_errors",
                null,
                null,
                false,
                null,
                4,
                30));
  }

  @Test
  void everyKeyBindsFromSnakeCase() {
    S3SizeConfig config =
        bind(
            """
            exporters:
              - type: s3_size
                name: minio
                config:
                  bucket_names: [photos, logs]
                  metric_name: minio_bucket_bytes
                  object_count_metric_name: minio_bucket_objects
                  scrape_errors_metric_name: minio_bucket_scrape_errors
                  region: eu-central-1
                  endpoint_url: http://127.0.0.1:9000
                  path_style_access: true
                  prefix: 2026/
                  max_concurrency: 2
                  request_timeout_seconds: 5
            """);

    assertThat(config)
        .isEqualTo(
            new S3SizeConfig(
                List.of("photos", "logs"),
                "minio_bucket_bytes",
                "minio_bucket_objects",
                "minio_bucket_scrape_errors",
                "eu-central-1",
                "http://127.0.0.1:9000",
                true,
                "2026/",
                2,
                5));
  }

  @Test
  void emptyPrefixMeansTheWholeBucket() {
    S3SizeConfig config =
        new S3SizeConfig(List.of("photos"), null, null, null, null, null, null, "", null, null);

    assertThat(config.prefix()).isNull();
  }

  @Test
  void invalidValuesAreReportedTogetherWithTheirLines() {
    List<String> problems =
        problemsOf(
            """
            exporters:
              - type: s3_size
                config:
                  bucket_names: []
                  metric_name: 3d_bytes
                  endpoint_url: ftp://minio:9000
                  max_concurrency: 0
                  request_timeout_seconds: 7200
            """);

    assertThat(problems)
        .containsExactly(
            "s3.yml:4:21: exporters[0].config.bucket_names: must not be empty. Found: []",
            "s3.yml:5:20: exporters[0].config.metric_name: must be a Prometheus metric name:"
                + " letters, digits, '_' and ':', not starting with a digit. Found: \"3d_bytes\"",
            "s3.yml:6:21: exporters[0].config.endpoint_url: must be an http or https URL without"
                + " user info, query or fragment, such as http://127.0.0.1:9000."
                + " Found: \"ftp://minio:9000\"",
            "s3.yml:7:24: exporters[0].config.max_concurrency: must be greater than 0. Found: 0",
            "s3.yml:8:32: exporters[0].config.request_timeout_seconds: must be less than or equal"
                + " to 3600. Found: 7200");
  }

  @Test
  void blankBucketNameAndMissingBucketsAreRefused() {
    assertThat(
            problemsOf(
                """
                exporters:
                  - type: s3_size
                    config:
                      bucket_names: [photos, " "]
                """))
        .containsExactly(
            "s3.yml:4:30: exporters[0].config.bucket_names[1]: must not be blank. Found: \" \"");
    assertThat(
            problemsOf(
                """
                exporters:
                  - type: s3_size
                """))
        .hasSize(1)
        .allSatisfy(problem -> assertThat(problem).contains("bucket_names: must not be empty"));
  }

  @Test
  void credentialKeysAreUnknownBecauseCredentialsComeFromTheSdkChain() {
    assertThat(
            problemsOf(
                """
                exporters:
                  - type: s3_size
                    config:
                      bucket_names: [photos]
                      aws_secret_access_key: hunter2
                """))
        .hasSize(1)
        .allSatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("s3.yml:5:7: exporters[0].config.aws_secret_access_key: unknown key")
                    .doesNotContain("hunter2"));
  }

  @Test
  void sampleConfigOfTheRepositoryIsValidEvenWithItsDisabledEntryEnabled() throws Exception {
    String sample = Files.readString(Path.of("..", "config", "s3.yml"));
    assertThat(sample).contains("    enabled: false\n");

    MonitorConfig config = LOADER.parse(sample.replace("    enabled: false\n", ""), "s3.yml");

    assertThat(config.exporters())
        .extracting(entry -> ((S3SizeConfig) entry.config()).bucketNames())
        .containsExactly(List.of("my-backups", "my-logs"), List.of("uploads"));
  }

  @Test
  void isDiscoveredFromItsServicesFile() {
    try (ExporterCatalog catalog =
        ExporterCatalog.discover(S3SizeConfigTest.class.getClassLoader())) {
      ExporterProvider provider = catalog.find("s3_size").orElseThrow();
      assertThat(provider.exporterClass()).isEqualTo(S3SizeExporter.class);
      assertThat(provider.configClass()).isEqualTo(S3SizeConfig.class);
    }
  }
}
