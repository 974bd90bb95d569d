package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.testing.ScriptedExporter;
import dev.promonitor.core.config.ExecutionMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The execution modes, with real threads; every wait is on a latch with a generous bound. */
class RunDispatcherTest {

  private static final TaskTimer TIMER = new SystemTaskTimer("test-timer");

  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final long WAIT_SECONDS = 30;

  private final List<RunDispatcher> dispatchers = new ArrayList<>();

  @AfterEach
  void shutDown() {
    dispatchers.forEach(RunDispatcher::shutdownNow);
  }

  private RunDispatcher dispatcher(ExecutionMode mode, int threads) {
    RunDispatcher dispatcher = RunDispatcher.create(mode, threads, TIMER);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private static void run(RunDispatcher dispatcher, ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    dispatcher.dispatch(instance);
  }

  private static void awaitIdle(ExporterInstance... instances) {
    boolean idle =
        Instances.IDLE.awaitUntil(
            () -> List.of(instances).stream().noneMatch(ExporterInstance::isBusy),
            System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS));
    assertThat(idle).as("runs ended within %d s", WAIT_SECONDS).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void everyModeRunsBlockingAndAsyncExporters(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 2);
    CountDownLatch exported = new CountDownLatch(2);
    ExporterInstance blocking =
        Instances.blocking("b", Script.exporting(exported::countDown), PERIOD, TIMER);
    ExporterInstance async =
        Instances.async(
            "a",
            Script.exportingAsync(
                () -> {
                  exported.countDown();
                  return CompletableFuture.completedFuture(null);
                }),
            PERIOD,
            TIMER);

    run(dispatcher, blocking);
    run(dispatcher, async);

    assertThat(exported.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitIdle(blocking, async);
    assertThat(blocking.stats().snapshot().successes()).isEqualTo(1);
    assertThat(async.stats().snapshot().successes()).isEqualTo(1);
  }

  @Test
  void syncModeRunsEveryExporterOnOneWorkerInTurn() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.SYNC, 8);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch releaseFirst = new CountDownLatch(1);
    ExporterInstance first =
        Instances.blocking(
            "first",
            Script.exporting(
                () -> {
                  events.add("first start on " + Thread.currentThread().getName());
                  releaseFirst.await(WAIT_SECONDS, SECONDS);
                  events.add("first end");
                }),
            PERIOD,
            TIMER);
    ExporterInstance second =
        Instances.async(
            "second",
            Script.exportingAsync(
                () -> {
                  events.add("second start on " + Thread.currentThread().getName());
                  return CompletableFuture.completedFuture(null);
                }),
            PERIOD,
            TIMER);

    run(dispatcher, first);
    run(dispatcher, second);
    releaseFirst.countDown();
    awaitIdle(first, second);

    assertThat(events)
        .containsExactly(
            "first start on promonitor-sync-1", "first end", "second start on promonitor-sync-1");
  }

  @Test
  void multithreadedModeRunsExportersConcurrently() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.MULTITHREADED, 3);
    CyclicBarrier allThreeInside = new CyclicBarrier(3);
    Script script = Script.exporting(() -> allThreeInside.await(WAIT_SECONDS, SECONDS));
    ExporterInstance a = Instances.blocking("a", script, PERIOD, TIMER);
    ExporterInstance b = Instances.blocking("b", script, PERIOD, TIMER);
    ExporterInstance c = Instances.blocking("c", script, PERIOD, TIMER);

    run(dispatcher, a);
    run(dispatcher, b);
    run(dispatcher, c);
    awaitIdle(a, b, c);

    // The barrier only opens when the three exports are inside at the same time.
    assertThat(List.of(a.stats().snapshot().successes(), b.stats().snapshot().successes(), c.stats().snapshot().successes())).containsOnly(1L);
  }

  @Test
  void runsOfInstancesWhoseLastRunHeldItsThreadGetAThreadEachWithoutWaitingForTheGrowthDelay()
      throws Exception {
    // The timer moves only inside the first runs, so that they take 20 ms; after them, no growth
    // check can run, and only the hand-over of runs that may block can give the second run of b a
    // thread while a's holds its own.
    FakeTimer timer = new FakeTimer();
    RunDispatcher dispatcher = RunDispatcher.create(ExecutionMode.MULTITHREADED, 2, timer);
    dispatchers.add(dispatcher);
    CyclicBarrier bothInside = new CyclicBarrier(2);
    boolean[] first = {true};
    Script script =
        Script.exporting(
            () -> {
              if (first[0]) {
                timer.advance(Duration.ofNanos(ElasticPool.RUNNING_NANOS));
              } else {
                bothInside.await(WAIT_SECONDS, SECONDS);
              }
            });
    ExporterInstance a = Instances.blocking("a", script, PERIOD, timer);
    ExporterInstance b = Instances.blocking("b", script, PERIOD, timer);
    run(dispatcher, a);
    awaitIdle(a);
    run(dispatcher, b);
    awaitIdle(b);
    first[0] = false;

    run(dispatcher, a);
    run(dispatcher, b);
    awaitIdle(a, b);

    assertThat(List.of(a.stats().snapshot().successes(), b.stats().snapshot().successes())).containsOnly(2L);
  }

  @Test
  void onlyARunThatHeldItsThreadForTheRunningDelayCounts() throws Exception {
    FakeTimer timer = new FakeTimer();
    RunDispatcher dispatcher = RunDispatcher.create(ExecutionMode.MULTITHREADED, 2, timer);
    dispatchers.add(dispatcher);
    long[] takes = {ElasticPool.RUNNING_NANOS};
    ExporterInstance instance =
        Instances.blocking(
            "i", Script.exporting(() -> timer.advance(Duration.ofNanos(takes[0]))), PERIOD, timer);
    assertThat(instance.lastRunHeldItsThread()).as("before its first run").isFalse();

    run(dispatcher, instance);
    awaitIdle(instance);
    assertThat(instance.lastRunHeldItsThread()).as("after a run of 20 ms").isTrue();
    takes[0] = ElasticPool.RUNNING_NANOS - 1;
    run(dispatcher, instance);
    awaitIdle(instance);

    assertThat(instance.lastRunHeldItsThread()).as("after a run a little shorter").isFalse();
  }

  @Test
  void prestartReadiesAWorkerForEachStartingInstanceThatRunsOnWorkersUpToTheSize() {
    FakeTimer timer = new FakeTimer();
    RunDispatcher async = RunDispatcher.create(ExecutionMode.ASYNC, 3, timer);
    RunDispatcher multithreaded = RunDispatcher.create(ExecutionMode.MULTITHREADED, 3, timer);
    dispatchers.add(async);
    dispatchers.add(multithreaded);
    Script quiet = Script.exporting(() -> {});
    List<ExporterInstance> blocking =
        List.of(
            Instances.blocking("b1", quiet, PERIOD, timer),
            Instances.blocking("b2", quiet, PERIOD, timer));
    List<ExporterInstance> asyncOnes =
        List.of(
            Instances.async("a1", Script.exportingAsync(() -> CompletableFuture.completedFuture(null)), PERIOD, timer),
            Instances.async("a2", Script.exportingAsync(() -> CompletableFuture.completedFuture(null)), PERIOD, timer));
    List<ExporterInstance> all = new ArrayList<>(blocking);
    all.addAll(asyncOnes);

    async.prestart(asyncOnes);
    assertThat(async.workerThreads()).as("async exporters run on the invoker").isZero();
    async.prestart(all);
    assertThat(async.workerThreads()).as("one per blocking exporter").isEqualTo(2);
    multithreaded.prestart(all);

    assertThat(multithreaded.workerThreads()).as("one per exporter, up to the size").isEqualTo(3);
  }

  @Test
  void multithreadedModeHoldsAWorkerForTheWholeAsyncRun() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.MULTITHREADED, 1);
    CompletableFuture<Void> pending = new CompletableFuture<>();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    ExporterInstance async =
        Instances.async(
            "async",
            Script.exportingAsync(
                () -> {
                  events.add("async started");
                  return pending;
                }),
            PERIOD,
            TIMER);
    ExporterInstance blocking =
        Instances.blocking("blocking", Script.exporting(() -> events.add("blocking ran")), PERIOD, TIMER);

    run(dispatcher, async);
    run(dispatcher, blocking);
    awaitStarted(events, "async started");
    events.add("completing");
    pending.complete(null);
    awaitIdle(async, blocking);

    assertThat(events).containsExactly("async started", "completing", "blocking ran");
  }

  @Test
  void asyncModeRunsAsyncExportersWithoutAThreadEach() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.ASYNC, 1);
    int count = 20;
    CountDownLatch allStarted = new CountDownLatch(count);
    List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
    List<ExporterInstance> asyncs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      asyncs.add(
          Instances.async(
              "async" + i,
              Script.exportingAsync(
                  () -> {
                    CompletableFuture<Void> future = new CompletableFuture<>();
                    pending.add(future);
                    allStarted.countDown();
                    return future;
                  }),
              PERIOD,
              TIMER));
    }
    CountDownLatch releaseBlocking = new CountDownLatch(1);
    CountDownLatch blockingStarted = new CountDownLatch(1);
    ExporterInstance blocking =
        Instances.blocking(
            "blocking",
            Script.exporting(
                () -> {
                  blockingStarted.countDown();
                  releaseBlocking.await(WAIT_SECONDS, SECONDS);
                }),
            PERIOD,
            TIMER);

    asyncs.forEach(instance -> run(dispatcher, instance));
    run(dispatcher, blocking);

    // 20 exports are in flight at once while the only worker thread is held by the blocking one.
    assertThat(blockingStarted.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(allStarted.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(asyncs).allMatch(ExporterInstance::isBusy);
    pending.forEach(future -> future.complete(null));
    releaseBlocking.countDown();
    awaitIdle(asyncs.toArray(ExporterInstance[]::new));
    awaitIdle(blocking);
    assertThat(asyncs).allMatch(instance -> instance.stats().snapshot().successes() == 1);
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void failingExportIsCountedAndTheNextRunGoesOn(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 2);
    int[] calls = {0};
    ExporterInstance flaky =
        Instances.blocking(
            "flaky",
            Script.exporting(
                () -> {
                  if (++calls[0] == 1) {
                    throw new IOException("bucket unreachable");
                  }
                }),
            PERIOD,
            TIMER);
    ExporterInstance failingAsync =
        Instances.async(
            "failing",
            Script.exportingAsync(() -> CompletableFuture.failedFuture(new IOException("timeout"))),
            PERIOD,
            TIMER);

    run(dispatcher, flaky);
    run(dispatcher, failingAsync);
    awaitIdle(flaky, failingAsync);
    run(dispatcher, flaky);
    awaitIdle(flaky);

    assertThat(flaky.stats().snapshot().failures()).isEqualTo(1);
    assertThat(flaky.stats().snapshot().successes()).isEqualTo(1);
    assertThat(failingAsync.stats().snapshot().failures()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void asyncExporterThatThrowsOrReturnsNullFails(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 2);
    ExporterInstance throwing =
        Instances.async(
            "throwing",
            Script.exportingAsync(
                () -> {
                  throw new IllegalStateException("not connected");
                }),
            PERIOD,
            TIMER);
    ExporterInstance returningNull =
        Instances.async("null", Script.exportingAsync(() -> null), PERIOD, TIMER);

    run(dispatcher, throwing);
    run(dispatcher, returningNull);
    awaitIdle(throwing, returningNull);

    assertThat(throwing.stats().snapshot().failures()).isEqualTo(1);
    assertThat(returningNull.stats().snapshot().failures()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void failedInitIsRetriedAtTheNextRunWithAClearRegistry(ExecutionMode mode) throws Exception {
    RunDispatcher dispatcher = dispatcher(mode, 2);
    int[] attempts = {0};
    List<ExporterInstance> holder = new ArrayList<>();
    Script script =
        Script.exporting(() -> {})
            .withInit(
                () -> {
                  io.prometheus.client.Gauge.build("test_gauge", "help").register(holder.get(0).registry());
                  if (++attempts[0] == 1) {
                    throw new IOException("service down");
                  }
                });
    ExporterInstance instance = Instances.blocking("init", script, PERIOD, TIMER);
    holder.add(instance);

    run(dispatcher, instance);
    awaitIdle(instance);
    run(dispatcher, instance);
    awaitIdle(instance);

    assertThat(attempts[0]).isEqualTo(2);
    assertThat(instance.stats().snapshot().failures()).isEqualTo(1);
    assertThat(instance.stats().snapshot().successes()).isEqualTo(1);
    assertThat(instance.registry().getSampleValue("test_gauge")).isEqualTo(0.0);
  }

  @Test
  void exportRunsWithTheExporterClassLoaderAsContextClassLoader() throws Exception {
    RunDispatcher dispatcher = dispatcher(ExecutionMode.MULTITHREADED, 1);
    List<ClassLoader> seen = Collections.synchronizedList(new ArrayList<>());
    ExporterInstance instance =
        Instances.blocking(
            "ccl",
            Script.exporting(() -> seen.add(Thread.currentThread().getContextClassLoader())),
            PERIOD,
            TIMER);

    run(dispatcher, instance);
    awaitIdle(instance);

    assertThat(seen).containsExactly(ScriptedExporter.class.getClassLoader());
  }

  private static void awaitStarted(List<String> events, String event) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
    while (!events.contains(event)) {
      assertThat(System.nanoTime()).as("'%s' within %d s", event, WAIT_SECONDS).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
