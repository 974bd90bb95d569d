package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promonitor.core.ExporterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode render(ExporterStatus... statuses) throws Exception {
    return mapper.readTree(
        new String(StatusJson.render("1.2.3", StatusSource.of("async", () -> List.of(statuses)), NOW), UTF_8));
  }

  @Test
  void everyFieldOfTheSchemaIsWrittenWithTimesInUtcAndDurationsInSeconds() throws Exception {
    JsonNode root =
        render(
            ExporterStatus.builder("dir_size", "logs")
                .interval(Duration.ofSeconds(60))
                .timeout(Duration.ofMillis(1500))
                .state(ExporterStatus.State.FAILING)
                .lastRunEnd(Instant.parse("2026-11-25T11:59:58.5Z"))
                .lastRunDuration(Duration.ofMillis(250))
                .lastSuccess(Instant.parse("2026-11-25T11:58:58Z"))
                .nextRun(Instant.parse("2026-11-25T12:00:58.5Z"))
                .consecutiveFailures(2)
                .lastError("disk gone")
                .successes(7)
                .failures(2)
                .timeouts(1)
                .skipped(3)
                .series(12)
                .build());

    assertThat(root.get("version").asText()).isEqualTo("1.2.3");
    assertThat(root.get("mode").asText()).isEqualTo("async");
    assertThat(root.get("generated_at").asText()).isEqualTo("2026-11-25T12:00:00.123Z");
    JsonNode exporter = root.get("exporters").get(0);
    assertThat(exporter.toString())
        .isEqualTo(
            "{\"type\":\"dir_size\",\"name\":\"logs\",\"state\":\"failing\","
                + "\"interval_seconds\":60,\"timeout_seconds\":1.5,"
                + "\"last_run_end\":\"2026-11-25T11:59:58.500Z\",\"last_run_duration_seconds\":0.25,"
                + "\"last_success\":\"2026-11-25T11:58:58Z\",\"next_run\":\"2026-11-25T12:00:58.500Z\","
                + "\"consecutive_failures\":2,\"last_error\":\"disk gone\","
                + "\"runs\":{\"success\":7,\"failure\":2,\"timeout\":1},\"skipped_runs\":3,\"series\":12,"
                + "\"sharding\":\"hash\",\"shard\":0}");
    assertThat(root.get("shard").toString()).isEqualTo("{\"index\":0,\"count\":1}");
  }

  @Test
  void anEntryOfAnotherShardNamesItsShardAndTheRootNamesThisOne() throws Exception {
    ExporterStatus elsewhere =
        ExporterStatus.builder("s3_size", "bucket-7")
            .interval(Duration.ofSeconds(60))
            .timeout(Duration.ofSeconds(60))
            .state(ExporterStatus.State.OTHER_SHARD)
            .shard(2)
            .build();
    JsonNode root =
        mapper.readTree(
            new String(
                StatusJson.render("1.2.3", StatusSource.of("async", 1, 3, () -> List.of(elsewhere)), NOW),
                UTF_8));

    assertThat(root.get("shard").toString()).isEqualTo("{\"index\":1,\"count\":3}");
    JsonNode exporter = root.get("exporters").get(0);
    assertThat(exporter.get("state").asText()).isEqualTo("other_shard");
    assertThat(exporter.get("shard").asInt()).isEqualTo(2);
    assertThat(exporter.get("last_run_end").isNull()).isTrue();
  }

  @Test
  void unknownValuesAreJsonNullsAndStatesAreSnakeCase() throws Exception {
    JsonNode exporter =
        render(
                ExporterStatus.builder("probe", "web")
                    .interval(Duration.ofSeconds(5))
                    .timeout(Duration.ofSeconds(5))
                    .state(ExporterStatus.State.TIMED_OUT)
                    .build())
            .get("exporters")
            .get(0);

    assertThat(exporter.get("state").asText()).isEqualTo("timed_out");
    for (String field : List.of("last_run_end", "last_run_duration_seconds", "last_success", "next_run", "last_error")) {
      assertThat(exporter.get(field).isNull()).as(field).isTrue();
    }
  }

  @Test
  void errorsAreMaskedEscapedAndCut() throws Exception {
    String error = "<script>alert(\"x\")</script> password=hunter2 \u2028 " + "x".repeat(3000);
    JsonNode exporter =
        render(
                ExporterStatus.builder("probe", "web")
                    .interval(Duration.ofSeconds(5))
                    .timeout(Duration.ofSeconds(5))
                    .state(ExporterStatus.State.FAILING)
                    .consecutiveFailures(1)
                    .lastError(error)
                    .failures(1)
                    .build())
            .get("exporters")
            .get(0);

    String shown = exporter.get("last_error").asText();
    assertThat(shown)
        .startsWith("<script>alert(\"x\")</script> password=**** \u2028 xxx")
        .endsWith("x…")
        .hasSize(StatusDocument.MAX_ERROR_LENGTH + 1)
        .doesNotContain("hunter2");
  }

  @Test
  void aHostWithoutExportersHasAnEmptyList() throws Exception {
    assertThat(render().get("exporters").isArray()).isTrue();
    assertThat(render().get("exporters")).isEmpty();
  }
}
