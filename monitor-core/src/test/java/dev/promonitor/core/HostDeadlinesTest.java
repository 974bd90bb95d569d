package dev.promonitor.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.internal.engine.ExporterInstance;
import dev.promonitor.core.testing.LogLines;
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
  void anInitPastItsTimeoutIsNeverRunAndStaysDownUntilAReloadCreatesItAnew(ExecutionMode mode)
      throws Exception {
    CountDownLatch initEntered = new CountDownLatch(1);
    CountDownLatch quickExported = new CountDownLatch(1);
    // The init waits for the test whatever its interrupt says; once released, every init is quick.
    Script late = Script.exporting(() -> {}).withInit(hang(initEntered));
    ExporterSchedule shortTimeout = MINUTE.withTimeout(Duration.ofMillis(100));
    MonitorConfig config =
        HostFixtures.config()
            .mode(mode)
            .entry("scripted", "late", true, late, shortTimeout)
            .entry("scripted", "quick", true, Script.exporting(quickExported::countDown))
            .build();
    ExporterHost host =
        ExporterHost.builder().config(config).shutdownGracePeriod(Duration.ZERO).build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread starting = startInBackground(host, failure);
    assertThat(initEntered.await(30, SECONDS)).isTrue();
    starting.join();
    assertThat(failure.get()).isNull();
    ExporterInstance abandoned = host.instances().get(0);
    assertThat(abandoned.isInitAbandoned()).isTrue();

    // The late init returns: it must not bring the instance back.
    release.countDown();
    awaitState("the late init returned", () -> !abandoned.isBusy());
    assertThat(quickExported.await(30, SECONDS)).isTrue();

    assertThat(abandoned.tryAcquire()).as("a run of the abandoned instance").isFalse();
    assertThat(abandoned.stats().snapshot().successes()).isZero();
    assertThat(host.registry().getSampleValue("monitor_exporter_up", LABELS, new String[] {"late", "scripted"}))
        .isEqualTo(0.0);
    ExporterStatus status =
        host.status().stream().filter(entry -> entry.name().equals("late")).findFirst().orElseThrow();
    assertThat(status.lastError())
        .isEqualTo("init timed out after 0.1s; not run again until a reload or a restart creates it anew");

    // An unchanged config creates it anew; its new init is quick and its runs succeed.
    ReloadResult result = host.reload(() -> config);
    assertThat(result.restarted()).containsExactly("scripted.late");
    assertThat(result.unchanged()).containsExactly("scripted.quick");
    ExporterInstance created = host.instances().get(0);
    assertThat(created).isNotSameAs(abandoned);
    awaitState("the new instance succeeded", () -> created.stats().snapshot().successes() > 0);
    assertThat(created.isInitAbandoned()).isFalse();
    host.close();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aReloadDoesNotWaitForARunAlreadyPastItsTimeout(ExecutionMode mode) throws Exception {
    CountDownLatch exportEntered = new CountDownLatch(1);
    MonitorConfig running =
        HostFixtures.config()
            .mode(mode)
            .entry("scripted", "stuck", true, Script.exporting(hang(exportEntered)), MINUTE.withTimeout(Duration.ofMillis(100)))
            .entry("scripted", "kept", true, Script.exporting(() -> {}))
            .build();
    MonitorConfig next =
        HostFixtures.config().mode(mode).entry("scripted", "kept", true, Script.exporting(() -> {})).build();
    // A grace period longer than the test's timeout: waiting for the stuck run would fail it.
    ExporterHost host =
        ExporterHost.builder().config(running).shutdownGracePeriod(Duration.ofHours(1)).build();
    host.start();
    assertThat(exportEntered.await(30, SECONDS)).isTrue();
    ExporterInstance stuck = host.instances().get(0);
    awaitState("the run is past its timeout", stuck::isStuck);

    ReloadResult result = host.reload(() -> next);

    assertThat(result.removed()).containsExactly("scripted.stuck");
    release.countDown();
    host.close();
  }

  private static final String[] LABELS = {"exporter", "type"};

  private static void awaitState(String what, java.util.function.BooleanSupplier state)
      throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (!state.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aHungCloseDoesNotBlockTheStopAndTheOthersAreClosed(ExecutionMode mode) throws Exception {
    CountDownLatch closeEntered = new CountDownLatch(1);
    CountDownLatch othersClosed = new CountDownLatch(2);
    CountDownLatch exported = new CountDownLatch(3);
    ExporterHost host =
        ExporterHost.builder()
            .config(
                HostFixtures.config()
                    .mode(mode)
                    .entry("scripted", "first", true, Script.exporting(exported::countDown).withClose(othersClosed::countDown))
                    .entry("scripted", "hung", true, Script.exporting(exported::countDown).withClose(hang(closeEntered)))
                    .entry("scripted", "last", true, Script.exporting(exported::countDown).withClose(othersClosed::countDown))
                    .build())
            .shutdownGracePeriod(Duration.ZERO)
            .build();
    host.start();
    assertThat(exported.await(30, SECONDS)).isTrue();
    HostFixtures.awaitFirstSuccess(host);

    try (LogLines log = LogLines.of("dev.promonitor.core.host")) {
      host.close();

      // Both other closes were called and returned before the stop did, whatever the hung one does.
      assertThat(othersClosed.getCount()).isZero();
      assertThat(closeEntered.getCount()).isZero();
      assertThat(log.lines("WARN"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .matches(
                          "WARN Exporter 'scripted\\.hung' close\\(\\) did not return within"
                              + " [0-9.]+s: left to its thread"))
          .noneMatch(line -> line.contains("'scripted.first'") || line.contains("'scripted.last'"))
          .allSatisfy(line -> assertThat(line).doesNotContain("dev.promonitor"));
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void aHungCloseDoesNotBlockAReloadThatRemovesItsExporter(ExecutionMode mode) throws Exception {
    CountDownLatch closeEntered = new CountDownLatch(1);
    CountDownLatch otherClosed = new CountDownLatch(1);
    CountDownLatch keptExported = new CountDownLatch(1);
    CountDownLatch addedExported = new CountDownLatch(1);
    Script kept = Script.exporting(keptExported::countDown);
    MonitorConfig running =
        HostFixtures.config()
            .mode(mode)
            .entry("scripted", "removed", true, Script.exporting(() -> {}).withClose(hang(closeEntered)))
            .entry("scripted", "kept", true, kept)
            .entry("scripted", "also_removed", true, Script.exporting(() -> {}).withClose(otherClosed::countDown))
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
    assertThat(otherClosed.getCount()).isZero();
    assertThat(result.removed()).containsExactlyInAnyOrder("scripted.removed", "scripted.also_removed");
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
