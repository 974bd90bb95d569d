package dev.promonitor.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.testing.Script;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every call into exporter code is bounded, and none holds up the others, a stop or a reload.
 * Exporters that hang wait on a latch that the test releases at its end; nothing depends on how
 * long anything takes (the {@link Timeout}s only turn a hang into a failure).
 */
@Timeout(value = 60, unit = SECONDS)
class HostDeadlinesTest {

  private static final ExporterSchedule MINUTE = ExporterSchedule.every(Duration.ofSeconds(60));

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    release.countDown();
    HangingConstructorExporter.release.countDown();
    HangingConstructorExporter.release = new CountDownLatch(1);
  }

  /** A step that waits for the test's end, ignoring interrupts, as a careless exporter would. */
  private Script.Step hang(CountDownLatch entered) {
    return () -> {
      entered.countDown();
      while (true) {
        try {
          release.await();
          return;
        } catch (InterruptedException ignored) {
          // goes on waiting
        }
      }
    };
  }

  private static Thread startInBackground(ExporterHost host, AtomicReference<Throwable> failure) {
    Thread starting =
        new Thread(
            () -> {
              try {
                host.start();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "test-start");
    starting.start();
    return starting;
  }

  @ParameterizedTest
  @EnumSource(value = ExecutionMode.class, names = {"ASYNC", "MULTITHREADED"})
  void aSlowInitDelaysNoOtherExportersFirstRun(ExecutionMode mode) throws Exception {
    CountDownLatch slowInitEntered = new CountDownLatch(1);
    CountDownLatch othersExported = new CountDownLatch(2);
    Script slow = Script.exporting(() -> {}).withInit(hang(slowInitEntered));
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "slow", true, slow)
                    .entry("scripted", "quick", true, Script.exporting(othersExported::countDown))
                    .entry(
                        "scripted_async",
                        "quick_async",
                        true,
                        Script.exportingAsync(
                            () -> {
                              othersExported.countDown();
                              return CompletableFuture.completedFuture(null);
                            }))
                    .build())
            .shutdownGracePeriod(Duration.ZERO)
            .build();
    AtomicReference<Throwable> failure = new AtomicReference<>();

    Thread starting = startInBackground(host, failure);
    assertThat(slowInitEntered.await(30, SECONDS)).isTrue();

    // The slow init is still going (its timeout is a minute) while the others have exported.
    assertThat(othersExported.await(30, SECONDS)).isTrue();
    assertThat(host.instances().get(0).stats().snapshot().lastResult()).isNull();
    release.countDown();
    starting.join();
    assertThat(failure.get()).isNull();
    host.close();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aStopDuringAHungInitEndsAndTheStartGivesUp(ExecutionMode mode) throws Exception {
    CountDownLatch initEntered = new CountDownLatch(1);
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "hung", true, Script.exporting(() -> {}).withInit(hang(initEntered)))
                    .build())
            .shutdownGracePeriod(Duration.ZERO)
            .build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread starting = startInBackground(host, failure);
    assertThat(initEntered.await(30, SECONDS)).isTrue();

    host.close();
    starting.join();

    assertThat(failure.get()).isNull();
    assertThat(host.instances().get(0).isBusy()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aHungCloseDoesNotBlockTheStopAndTheOthersAreClosed(ExecutionMode mode) throws Exception {
    CountDownLatch closeEntered = new CountDownLatch(1);
    CountDownLatch otherClosed = new CountDownLatch(1);
    CountDownLatch exported = new CountDownLatch(2);
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "hung", true, Script.exporting(exported::countDown).withClose(hang(closeEntered)))
                    .entry("scripted", "fine", true, Script.exporting(exported::countDown).withClose(otherClosed::countDown))
                    .build())
            .shutdownGracePeriod(Duration.ZERO)
            .build();
    host.start();
    assertThat(exported.await(30, SECONDS)).isTrue();
    HostFixtures.awaitFirstSuccess(host);

    host.close();

    assertThat(closeEntered.getCount()).isZero();
    assertThat(otherClosed.await(30, SECONDS)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aHungCloseDoesNotBlockAReloadThatRemovesItsExporter(ExecutionMode mode) throws Exception {
    CountDownLatch closeEntered = new CountDownLatch(1);
    CountDownLatch keptExported = new CountDownLatch(1);
    CountDownLatch addedExported = new CountDownLatch(1);
    Script kept = Script.exporting(keptExported::countDown);
    MonitorConfig running =
        HostFixtures.config()
            .mode(mode)
            .entry("scripted", "removed", true, Script.exporting(() -> {}).withClose(hang(closeEntered)))
            .entry("scripted", "kept", true, kept)
            .build();
    MonitorConfig next =
        HostFixtures.config()
            .mode(mode)
            .entry("scripted", "kept", true, kept)
            .entry("scripted", "added", true, Script.exporting(addedExported::countDown))
            .build();
    ExporterHost host = ExporterHost.builder().config(running).shutdownGracePeriod(Duration.ZERO).build();
    host.start();
    HostFixtures.awaitFirstSuccess(host);

    ReloadResult result = host.reload(() -> next);

    assertThat(closeEntered.getCount()).isZero();
    assertThat(result.removed()).containsExactly("scripted.removed");
    assertThat(addedExported.await(30, SECONDS)).isTrue();
    assertThat(keptExported.getCount()).isZero();
    host.close();
  }

  @Test
  void aReloadThatAddsExportersGrowsTheWorkerPool() throws Exception {
    CyclicBarrier bothInside = new CyclicBarrier(2);
    Script meeting = Script.exporting(() -> bothInside.await(30, SECONDS));
    Script quick = Script.exporting(() -> {});
    MonitorConfig running =
        HostFixtures.config().mode(ExecutionMode.MULTITHREADED).entry("scripted", "first", true, quick).build();
    MonitorConfig next =
        HostFixtures.config()
            .mode(ExecutionMode.MULTITHREADED)
            .entry("scripted", "first", true, quick)
            .entry("scripted", "b", true, meeting)
            .entry("scripted", "c", true, meeting)
            .build();
    ExporterHost host = ExporterHost.builder().config(running).build();
    host.start();
    HostFixtures.awaitFirstSuccess(host);

    host.reload(() -> next);

    // b and c only pass the barrier when both export at once: the one-thread pool has grown.
    HostFixtures.awaitFirstSuccess(host);
    assertThat(host.instances()).allMatch(instance -> instance.stats().snapshot().failures() == 0);
    host.close();
  }

  @Test
  void aConstructorPastItsTimeoutFailsTheBuildNamingTheEntry() {
    MonitorConfig config =
        HostFixtures.config()
            .entry(
                "hangs_in_constructor",
                "stuck",
                true,
                null,
                MINUTE.withTimeout(Duration.ofMillis(200)))
            .build();

    assertThatThrownBy(() -> ExporterHost.builder().config(config).build())
        .isInstanceOf(ExporterException.class)
        .hasMessageContaining("exporter 'hangs_in_constructor.stuck' (")
        .hasMessageEndingWith("could not be created: its constructor did not return within 0.2s");
  }
}
