package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.internal.engine.RunStats.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timeouts with real threads and the real timer. Timeouts are short (100 ms) so that the tests are
 * quick, but nothing depends on how long anything takes: every wait is for a state, with a
 * generous deadline.
 */
class TimeoutTest {

  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final ExporterSchedule SHORT_TIMEOUT =
      ExporterSchedule.every(PERIOD).withTimeout(Duration.ofMillis(100));

  private final TaskTimer timer = new SystemTaskTimer("timeout-test-timer");
  private final List<RunDispatcher> dispatchers = new ArrayList<>();
  private final CountDownLatch releaseStuck = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    releaseStuck.countDown();
    dispatchers.forEach(RunDispatcher::shutdownNow);
    timer.shutdown();
  }

  private RunDispatcher dispatcher(ExecutionMode mode, int threads) {
    RunDispatcher dispatcher = RunDispatcher.create(mode, threads, timer);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private static void run(RunDispatcher dispatcher, ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    dispatcher.dispatch(instance);
  }

  private static void awaitState(String what, BooleanSupplier state) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (!state.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** An export that waits for the test, ignoring every interrupt, as a badly written one would. */
  private Script ignoringInterrupts(CountDownLatch started) {
    return Script.exporting(
        () -> {
          started.countDown();
          while (true) {
            try {
              if (releaseStuck.await(30, SECONDS)) {
                return;
              }
            } catch (InterruptedException ignored) {
              // a badly written exporter swallows the interrupt and goes on waiting
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void runPastItsTimeoutIsInterruptedAndCountedAsATimeout(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 1);
    ExporterInstance sleeper =
        Instances.blocking("sleeper", Script.exporting(() -> Thread.sleep(60_000)), SHORT_TIMEOUT, timer);

    run(dispatcher, sleeper);
    awaitState("the run ended", () -> !sleeper.isBusy());

    RunStats.Snapshot stats = sleeper.stats().snapshot();
    assertThat(stats.runs(Result.TIMEOUT)).isEqualTo(1);
    assertThat(stats.runs(Result.FAILURE)).isZero();
    assertThat(stats.lastError()).isEqualTo("timed out after 0.1s");
    assertThat(dispatcher.abandonedThreads()).isZero();
  }

  @Test
  void exporterIgnoringTheInterruptDoesNotHoldUpTheOthersInSyncMode() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.SYNC, 1);
    CountDownLatch stuckStarted = new CountDownLatch(1);
    ExporterInstance stuck =
        Instances.blocking("stuck", ignoringInterrupts(stuckStarted), SHORT_TIMEOUT, timer);
    CountDownLatch othersRan = new CountDownLatch(3);
    List<ExporterInstance> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(Instances.blocking("other" + i, Script.exporting(othersRan::countDown), PERIOD, timer));
    }

    run(dispatcher, stuck);
    assertThat(stuckStarted.await(30, SECONDS)).isTrue();
    others.forEach(other -> run(dispatcher, other));

    // The one sync worker is stuck; after the timeout it is abandoned and replaced.
    assertThat(othersRan.await(30, SECONDS)).isTrue();
    assertThat(stuck.isBusy()).isTrue();
    assertThat(stuck.stats().snapshot().runs(Result.TIMEOUT)).isEqualTo(1);
    assertThat(dispatcher.abandonedThreads()).isEqualTo(1);
    assertThat(stuck.tryAcquire()).as("its next run waits for the stuck one").isFalse();

    releaseStuck.countDown();
    awaitState("the stuck run returned", () -> !stuck.isBusy());
    assertThat(dispatcher.abandonedThreads()).isZero();
    assertThat(stuck.stats().snapshot().runs(Result.SUCCESS))
        .as("a run that returns after its timeout still counts as a timeout")
        .isZero();
  }

  @Test
  void stuckRunsNeverExhaustTheMultithreadedPool() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.MULTITHREADED, 2);
    CountDownLatch stuckStarted = new CountDownLatch(2);
    ExporterInstance first = Instances.blocking("first", ignoringInterrupts(stuckStarted), SHORT_TIMEOUT, timer);
    ExporterInstance second = Instances.blocking("second", ignoringInterrupts(stuckStarted), SHORT_TIMEOUT, timer);
    CountDownLatch healthyRan = new CountDownLatch(1);
    ExporterInstance healthy = Instances.blocking("healthy", Script.exporting(healthyRan::countDown), PERIOD, timer);

    run(dispatcher, first);
    run(dispatcher, second);
    assertThat(stuckStarted.await(30, SECONDS)).isTrue();
    run(dispatcher, healthy);

    assertThat(healthyRan.await(30, SECONDS)).isTrue();
    awaitState("both stuck threads abandoned", () -> dispatcher.abandonedThreads() == 2);
    releaseStuck.countDown();
    awaitState("both returned", () -> dispatcher.abandonedThreads() == 0);
  }

  @Test
  void asyncExportPastItsTimeoutIsCancelledAndFreesTheInstance() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.ASYNC, 1);
    CompletableFuture<Void> neverCompletes = new CompletableFuture<>();
    ExporterInstance async =
        Instances.async("pending", Script.exportingAsync(() -> neverCompletes), SHORT_TIMEOUT, timer);

    run(dispatcher, async);
    awaitState("the run ended", () -> !async.isBusy());

    assertThat(neverCompletes).isCancelled();
    assertThat(async.stats().snapshot().runs(Result.TIMEOUT)).isEqualTo(1);
    assertThat(async.stats().snapshot().runs(Result.FAILURE)).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = ExecutionMode.class, names = {"SYNC", "MULTITHREADED"})
  void asyncExportAwaitedByAWorkerIsCancelledAtItsTimeout(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 1);
    CompletableFuture<Void> neverCompletes = new CompletableFuture<>();
    ExporterInstance async =
        Instances.async("pending", Script.exportingAsync(() -> neverCompletes), SHORT_TIMEOUT, timer);

    run(dispatcher, async);
    awaitState("the run ended", () -> !async.isBusy());

    assertThat(neverCompletes).isCancelled();
    assertThat(async.stats().snapshot().runs(Result.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void hangingInitIsTimedOutLikeAnExport() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.MULTITHREADED, 1);
    ExporterInstance slowStart =
        Instances.blocking(
            "slow_start",
            Script.exporting(() -> {}).withInit(() -> Thread.sleep(60_000)),
            SHORT_TIMEOUT,
            timer);

    assertThat(slowStart.tryAcquire()).isTrue();
    dispatcher.initialize(slowStart);
    awaitState("the init ended", () -> !slowStart.isBusy());

    assertThat(slowStart.stats().snapshot().runs(Result.TIMEOUT)).isEqualTo(1);
    assertThat(slowStart.isInitialized()).isFalse();
  }
}
