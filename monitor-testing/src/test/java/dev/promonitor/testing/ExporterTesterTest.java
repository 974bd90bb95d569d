package dev.promonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.DiscoveryException;
import dev.promonitor.core.config.ConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try")
class ExporterTesterTest {

  @Test
  void yamlSnippetIsBoundAndOneExportIsRunBetweenInitAndClose() throws Exception {
    Samples samples =
        ExporterTester.of(CountingExporter.class).yaml("targets: [alpha, beta]\nstep: 3").exportOnce();

    assertThat(samples.value("counting_exports_total", "target", "alpha")).hasValue(3.0);
    assertThat(samples.value("counting_exports_total", "target", "beta")).hasValue(3.0);
    assertThat(samples.value("counting_step")).hasValue(3.0);
    assertThat(samples.value("counting_step", "target", "alpha")).isEmpty();
    assertThat(samples.named("counting_exports_total")).hasSize(2);
    assertThat(samples.exposition()).contains("counting_exports_total{target=\"alpha\",} 3.0\n");
  }

  @Test
  void theExporterGetsTheSettingsOfAHostAndIsClosedOnce() throws Exception {
    ExporterTester.Running<CountingExporter> running =
        ExporterTester.of(CountingExporter.class)
            .name("edge")
            .config(new CountingExporter.Settings(List.of("a"), null, null))
            .start();
    CountingExporter exporter = running.exporter();
    running.export();
    running.close();
    running.close();

    assertThat(exporter.type()).isEqualTo("counting");
    assertThat(exporter.toString()).isEqualTo("counting.edge");
    assertThat(exporter.calls)
        .containsExactly("init edge exporters.counting.edge true", "export", "close");
    assertThatThrownBy(running::export)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("counting.edge is closed");
  }

  @Test
  void anInvalidConfigObjectIsRefusedWithThePathAUserWouldSee() {
    assertThatThrownBy(
            () ->
                ExporterTester.of(CountingExporter.class)
                    .config(new CountingExporter.Settings(List.of(), 0, null))
                    .start())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "2 problems in the config:\n"
                + "  <code>: exporters[0].config.step: must be greater than 0. Found: 0\n"
                + "  <code>: exporters[0].config.targets: must not be empty. Found: []");
  }

  @Test
  void anInvalidYamlSnippetIsRefusedWithItsKeyAndSecretsMasked() {
    assertThatThrownBy(
            () ->
                ExporterTester.of(CountingExporter.class)
                    .yaml("targets: [a]\nsecret: ${TOKEN}\nstepp: 2")
                    .environment(Map.of("TOKEN", "hunter2"))
                    .exportOnce())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exporters[0].config.stepp: unknown key")
        .hasMessageContaining("Did you mean 'step'?")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aConfigOfAnotherClassIsRefused() {
    assertThatThrownBy(() -> ExporterTester.of(CountingExporter.class).config("targets"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "config: expecting a dev.promonitor.testing.CountingExporter$Settings for"
                + " dev.promonitor.testing.CountingExporter. Found: java.lang.String");
  }

  @Test
  void aClassThatIsNoValidExporterIsRefusedAsDiscoveryWould() {
    assertThatThrownBy(() -> ExporterTester.of(NotAnnotatedExporter.class))
        .isInstanceOf(DiscoveryException.class)
        .hasMessageContaining("has no @ExporterType annotation");
  }

  @Test
  void aFailingInitIsThrownAsItWasAndTheInstanceIsClosed() {
    int before = FailingInitExporter.CLOSED.get();

    assertThatThrownBy(() -> ExporterTester.of(FailingInitExporter.class).exportOnce())
        .isInstanceOf(IOException.class)
        .hasMessage("no such device");
    assertThat(FailingInitExporter.CLOSED.get()).isEqualTo(before + 1);
  }

  @Test
  void advancingTheFakeClockRunsTheExportsOfAFixedRateSchedule() throws Exception {
    try (ExporterTester.Running<CountingExporter> running =
        ExporterTester.of(CountingExporter.class)
            .yaml("targets: [a]")
            .interval(Duration.ofSeconds(10))
            .start()) {

      assertThat(running.advance(Duration.ZERO)).isEqualTo(1);
      assertThat(running.advance(Duration.ofSeconds(9))).isZero();
      assertThat(running.advance(Duration.ofSeconds(25))).isEqualTo(3);

      assertThat(running.elapsed()).isEqualTo(Duration.ofSeconds(34));
      assertThat(running.exports()).isEqualTo(4);
      assertThat(running.samples().value("counting_exports_total", "target", "a")).hasValue(4.0);
    }
  }

  @Test
  void anAsyncExportWaitsForItsStage() throws Exception {
    StagedExporter.next = CompletableFuture.completedFuture(null);

    Samples samples = ExporterTester.of(StagedExporter.class).exportOnce();

    assertThat(samples.value("staged_value")).hasValue(42.0);
  }

  @Test
  void anAsyncStageThatFailsOrNeverEndsFailsTheExport() {
    StagedExporter.next = CompletableFuture.failedFuture(new IOException("bucket gone"));
    assertThatThrownBy(() -> ExporterTester.of(StagedExporter.class).exportOnce())
        .isInstanceOf(IOException.class)
        .hasMessage("bucket gone");

    StagedExporter.next = new CompletableFuture<>();
    assertThatThrownBy(
            () -> ExporterTester.of(StagedExporter.class).timeout(Duration.ofMillis(1)).exportOnce())
        .isInstanceOf(TimeoutException.class);
  }
}
