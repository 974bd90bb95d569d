package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.testing.TestBucketsExporter;
import dev.promonitor.core.testing.TestDirectoryExporter;
import dev.promonitor.core.testing.TestHeartbeatExporter;
import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.ExporterType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExporterListingTest {

  @Test
  void everyTypeIsListedSortedWithItsKeysTypesDefaultsAndRequiredKeys() {
    ExporterCatalog catalog =
        ExporterCatalog.of(
            TestHeartbeatExporter.class, TestBucketsExporter.class, TestDirectoryExporter.class);

    String source = catalog.find("s3_size").orElseThrow().source();

    assertThat(ExporterListing.render(catalog).replace(source, "SOURCE"))
        .isEqualTo(
            """
            # 3 exporter type(s). Paste an entry under 'exporters:'; each key shows its default.

            # dev.promonitor.core.testing.TestDirectoryExporter (SOURCE)
            - type: dir_size
              name: dir_size
              config:   # dev.promonitor.core.testing.TestDirectoryConfig
                paths: ["/var/log"]   # List<String>
                follow_links: true   # boolean
                max_depth: 8   # int
                scale: 1.0   # double

            # dev.promonitor.core.testing.TestHeartbeatExporter (SOURCE)
            - type: heartbeat
              name: heartbeat
              # takes no config

            # dev.promonitor.core.testing.TestBucketsExporter (SOURCE)
            - type: s3_size
              name: s3_size
              config:   # dev.promonitor.core.testing.TestBucketsConfig
                bucket_names: []   # List<String>, required
                metric_name: "s3_bucket_size_bytes"   # String
                secret_access_key: null   # String
                max_keys: 1000   # Integer
            """);
  }

  /** A config with a constrained key that has a default and one that has none. */
  public record PingConfig(@NotEmpty List<String> targets, @NotBlank String module) {
    /** Applies the default of {@code targets}. */
    public PingConfig {
      targets = targets == null ? List.of("localhost") : targets;
    }
  }

  /** An exporter of that config. */
  @ExporterType("ping")
  public static final class PingExporter extends BaseExporter<PingConfig> {
    @Override
    public void exportMetrics() {
      // a fixture
    }
  }

  @Test
  void keyWithAConstraintIsRequiredOnlyWhenItHasNoDefault() {
    assertThat(ExporterListing.render(ExporterCatalog.of(PingExporter.class)))
        .contains(
            """
                targets: ["localhost"]   # List<String>
                module: null   # String, required
            """);
  }

  @Test
  void emptyCatalogSaysWhereExportersComeFrom() {
    assertThat(ExporterListing.render(ExporterCatalog.of()))
        .isEqualTo(
            "# No exporter types found. Put exporter jars in --exporters-dir or on the class"
                + " path.\n");
  }
}
