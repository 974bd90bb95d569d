package dev.promonitor.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.internal.engine.Script;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ExporterHostTest {

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void startRunsEveryEnabledExporterRightAwayAndCloseClosesEachOnce(ExecutionMode mode)
      throws Exception {
    CountDownLatch exported = new CountDownLatch(2);
    AtomicInteger closed = new AtomicInteger();
    Script script = Script.exporting(exported::countDown).withClose(closed::incrementAndGet);
    Script disabled = Script.exporting(() -> { throw new AssertionError("disabled entry ran"); });
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "one", true, script)
                    .entry("scripted", "two", true, script)
                    .entry("scripted", "off", false, disabled)
                    .build())
            .build();

    host.start();
    assertThat(exported.await(30, SECONDS)).isTrue();
    host.close();
    host.close();

    assertThat(host.instances()).hasSize(2);
    assertThat(closed).hasValue(2);
  }

  @Test
  void exportersJoinTheApplicationsRegistryAndLeaveItOnClose() throws Exception {
    CollectorRegistry appRegistry = new CollectorRegistry(true);
    CountDownLatch exported = new CountDownLatch(1);
    Gauge[] gauge = new Gauge[1];
    Script script =
        Script.exporting(
                () -> {
                  gauge[0].set(42);
                  exported.countDown();
                })
            .withInit(() -> {});
    ExporterHost host =
        ExporterHost.builder()
            .config(HostFixtures.config().entry("scripted", "app", true, script).build())
            .registry(appRegistry)
            .build();
    gauge[0] = Gauge.build("app_side_value", "A value.").register(host.instances().get(0).registry());

    host.start();
    assertThat(exported.await(30, SECONDS)).isTrue();
    assertThat(appRegistry.getSampleValue("app_side_value")).isEqualTo(42.0);
    assertThat(CollectorRegistry.defaultRegistry.getSampleValue("app_side_value")).isNull();

    host.close();
    assertThat(appRegistry.getSampleValue("app_side_value")).isNull();
  }

  @Test
  void exporterWhoseConstructorThrowsIsNamedWithItsEntryAndTheOthersAreClosed() {
    AtomicInteger closed = new AtomicInteger();
    var config =
        HostFixtures.config()
            .entry("scripted", "fine", true, Script.exporting(() -> {}).withClose(closed::incrementAndGet))
            .entry("throws_in_constructor", "bad", true, null)
            .build();

    assertThatThrownBy(() -> ExporterHost.builder().config(config).build())
        .isInstanceOf(ExporterException.class)
        .hasMessage(
            "exporter 'throws_in_constructor.bad' (dev.promonitor.core.ThrowingConstructorExporter from "
                + ExporterCatalog.sourceOf(ThrowingConstructorExporter.class)
                + ", test.yml:14:5) could not be created: java.lang.IllegalArgumentException: no credentials");
    assertThat(closed).hasValue(1);
  }

  @Test
  void hostCannotBeStartedTwice() {
    ExporterHost host = ExporterHost.builder().config(HostFixtures.config().build()).build();
    host.start();
    host.close();

    assertThatThrownBy(host::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the host was already closed");
  }

  @Test
  void buildWithoutConfigIsRefused() {
    assertThatThrownBy(() -> ExporterHost.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("config must be set: config(), configFile() or exporter()");
  }
}
