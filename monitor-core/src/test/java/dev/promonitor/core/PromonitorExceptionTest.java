package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromonitorExceptionTest {

  @Test
  void everyFrameworkErrorSharesOneBase() {
    assertThat(
            List.<RuntimeException>of(
                new ConfigException(
                    List.of(new ConfigProblem(ConfigLocation.of("a.yml"), "app", "bad", null))),
                new DiscoveryException(
                    new DiscoveryProblem(DiscoveryProblem.Kind.EXPORTERS_DIR, null, null, "gone"), null),
                new ExporterException("clash"),
                new EndpointException("cannot serve", new java.io.IOException("in use"))))
        .allSatisfy(error -> assertThat(error).isInstanceOf(PromonitorException.class));
  }

  @Test
  void severalDiscoveryProblemsAreListedUnderACount() {
    DiscoveryException error =
        new DiscoveryException(
            List.of(
                new DiscoveryProblem(DiscoveryProblem.Kind.INVALID_EXPORTER, "a.A", "a.jar", "a.A (a.jar) must be public"),
                new DiscoveryProblem(DiscoveryProblem.Kind.UNLOADABLE, "b.B", "b.jar", "b.B (b.jar) cannot be loaded")));

    assertThat(error)
        .hasMessage(
            "2 problems discovering exporters:"
                + System.lineSeparator()
                + "- a.A (a.jar) must be public"
                + System.lineSeparator()
                + "- b.B (b.jar) cannot be loaded");
    assertThat(error.problems()).extracting(DiscoveryProblem::kind)
        .containsExactly(DiscoveryProblem.Kind.INVALID_EXPORTER, DiscoveryProblem.Kind.UNLOADABLE);
  }

  @Test
  void exporterProblemsAreOneLineEachAndTheFirstCauseIsTheCause() {
    IllegalStateException first = new IllegalStateException("first");
    ExporterException error =
        new ExporterException(
            List.of(
                new ExporterProblem("a.x", ExporterProblem.Phase.CREATE, "exporter 'a.x' failed", null),
                new ExporterProblem("b.y", ExporterProblem.Phase.CREATE, "exporter 'b.y' failed", first)));

    assertThat(error).hasMessage("exporter 'a.x' failed\nexporter 'b.y' failed").hasCause(first);
    assertThat(error.problems()).extracting(ExporterProblem::qualifiedName).containsExactly("a.x", "b.y");
  }

  @Test
  void anExceptionWithoutProblemsIsRefused() {
    assertThatThrownBy(() -> new DiscoveryException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("problems must not be empty");
    assertThatThrownBy(() -> new ExporterException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("problems must not be empty");
  }
}
