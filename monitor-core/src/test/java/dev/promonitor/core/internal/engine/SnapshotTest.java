package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.config.FailurePolicy;
import dev.promonitor.core.internal.engine.RunStats.Result;
import dev.promonitor.core.testing.LogLines;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scrapes serve the snapshot that each run collected on its own thread, under its timeout: a
 * scrape never runs exporter code, and a collector that hangs or throws fails its own run only.
 * Every mode, with blocking and asynchronous exporters; waits are for states, on latches.
 */
class SnapshotTest {

  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final ExporterSchedule SCHEDULE = ExporterSchedule.every(PERIOD);

  private final TaskTimer timer = new SystemTaskTimer("snapshot-test-timer");
  private final List<RunDispatcher> dispatchers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    release.countDown();
    dispatchers.forEach(RunDispatcher::shutdownNow);
    timer.shutdown();
  }

  static Stream<Arguments> modesAndKinds() {
    return Stream.of(ExecutionMode.values())
        .flatMap(mode -> Stream.of(Arguments.of(mode, false), Arguments.of(mode, true)));
  }

  private RunDispatcher dispatcher(ExecutionMode mode) {
    RunDispatcher dispatcher = RunDispatcher.create(mode, 2, timer);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  /** An instance whose {@code init} registers what {@code setup} says, then exports nothing. */
  private ExporterInstance instance(
      String name, boolean async, ExporterSchedule schedule, RegistrySetup setup) {
    AtomicReference<ExporterInstance> self = new AtomicReference<>();
    Script script =
        async
            ? Script.exportingAsync(() -> CompletableFuture.completedFuture(null))
            : Script.exporting(() -> {});
    ExporterInstance instance =
        async
            ? Instances.async(name, script.withInit(() -> setup.register(self.get().registry())), schedule, timer)
            : Instances.blocking(name, script.withInit(() -> setup.register(self.get().registry())), schedule, timer);
    self.set(instance);
    return instance;
  }

  @FunctionalInterface
  private interface RegistrySetup {
    void register(CollectorRegistry registry) throws Exception;
  }

  private static void run(RunDispatcher dispatcher, ExporterInstance instance) throws InterruptedException {
    assertThat(instance.tryAcquire()).isTrue();
    dispatcher.dispatch(instance);
  }

  private static void awaitIdle(ExporterInstance instance) throws InterruptedException {
    awaitState("the run of " + instance + " ended", () -> !instance.isBusy());
  }

  private static void awaitState(String what, BooleanSupplier state) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (!state.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** A collector that counts its calls and remembers their threads. */
  private static final class CountingCollector extends Collector {
    final AtomicInteger calls = new AtomicInteger();
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<MetricFamilySamples> collect() {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      return List.of(
          new MetricFamilySamples(
              "computed_value",
              Type.GAUGE,
              "Computed on collect.",
              List.of(new MetricFamilySamples.Sample("computed_value", List.of(), List.of(), 42))));
    }
  }

  @ParameterizedTest
  @MethodSource("modesAndKinds")
  void scrapesServeTheRunsSnapshotAndNeverCallTheCollectors(ExecutionMode mode, boolean async)
      throws Exception {
    CountingCollector collector = new CountingCollector();
    ExporterInstance instance = instance("counted", async, SCHEDULE, collector::register);
    CollectorRegistry host = new CollectorRegistry(true);
    InstancesCollector served = new InstancesCollector(() -> List.of(instance));
    host.register(served);
    RunDispatcher dispatcher = dispatcher(mode);

    run(dispatcher, instance);
    awaitIdle(instance);
    int callsAfterRun = collector.calls.get();
    MetricsSnapshot first = served.snapshot();
    for (int scrape = 0; scrape < 5; scrape++) {
      assertThat(host.getSampleValue("computed_value")).isEqualTo(42.0);
    }

    assertThat(collector.calls.get()).isEqualTo(callsAfterRun);
    assertThat(collector.threads).allMatch(thread -> thread.startsWith("promonitor-"));
    assertThat(served.snapshot()).isSameAs(first);
    assertThat(first.series()).isEqualTo(1);
    assertThat(instance.lastSeries()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("modesAndKinds")
  void runThatExportsWhatIsServedKeepsTheServedSnapshotAndAChangeReplacesIt(
      ExecutionMode mode, boolean async) throws Exception {
    Gauge[] gauge = new Gauge[1];
    ExporterInstance instance =
        instance("steady", async, SCHEDULE, registry -> gauge[0] = Gauge.build("steady_value", "Value.").register(registry));
    RunDispatcher dispatcher = dispatcher(mode);

    run(dispatcher, instance);
    awaitIdle(instance);
    MetricsSnapshot first = instance.served();
    run(dispatcher, instance);
    awaitIdle(instance);
    MetricsSnapshot unchanged = instance.served();
    gauge[0].set(-0.0);
    run(dispatcher, instance);
    awaitIdle(instance);
    MetricsSnapshot changed = instance.served();

    assertThat(unchanged).isSameAs(first);
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.families().get(0).samples.get(0).value).isEqualTo(-0.0);
    assertThat(instance.stats().snapshot().runs(Result.SUCCESS)).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("modesAndKinds")
  void collectorThatThrowsAStackOverflowFailsItsRunAndKillsNoThread(ExecutionMode mode, boolean async)
      throws Exception {
    boolean[] overflowing = {false};
    ExporterInstance broken =
        instance(
            "broken",
            async,
            SCHEDULE,
            registry ->
                new Collector() {
                  @Override
                  public List<MetricFamilySamples> collect() {
                    if (overflowing[0]) {
                      throw new StackOverflowError();
                    }
                    return List.of();
                  }
                }.register(registry));
    ExporterInstance healthy =
        instance("healthy", async, SCHEDULE, registry -> Gauge.build("healthy_value", "Value.").register(registry).set(1));
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(broken, healthy)));
    RunDispatcher dispatcher = dispatcher(mode);
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    ExporterInstance witness =
        Instances.blocking(
            "witness", Script.exporting(() -> threads.add(Thread.currentThread().getName())), SCHEDULE, timer);

    run(dispatcher, broken);
    awaitIdle(broken);
    overflowing[0] = true;
    run(dispatcher, broken);
    run(dispatcher, healthy);
    awaitIdle(broken);
    awaitIdle(healthy);
    run(dispatcher, witness);
    awaitIdle(witness);
    run(dispatcher, witness);
    awaitIdle(witness);

    assertThat(broken.stats().snapshot().runs(Result.FAILURE)).isEqualTo(1);
    assertThat(broken.stats().snapshot().lastError())
        .isEqualTo("collecting the metrics failed: java.lang.StackOverflowError");
    assertThat(broken.isServable()).isFalse();
    assertThat(host.getSampleValue("healthy_value")).isEqualTo(1.0);
    if (mode == ExecutionMode.SYNC) {
      // The one sync worker survived the error: it is still the first thread of its pool.
      assertThat(threads).containsExactly("promonitor-sync-1", "promonitor-sync-1");
    }
  }

  @ParameterizedTest
  @MethodSource("modesAndKinds")
  void collectorThatHangsTimesOutItsRunWhileScrapesServeTheOthers(ExecutionMode mode, boolean async)
      throws Exception {
    CountDownLatch collecting = new CountDownLatch(1);
    boolean[] hanging = {false};
    ExporterInstance hung =
        instance(
            "hung",
            async,
            SCHEDULE.withTimeout(Duration.ofMillis(200)),
            registry ->
                new Collector() {
                  @Override
                  public List<MetricFamilySamples> collect() {
                    if (hanging[0]) {
                      collecting.countDown();
                      try {
                        release.await(30, SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                    return List.of();
                  }
                }.register(registry));
    ExporterInstance healthy =
        instance("healthy", async, SCHEDULE, registry -> Gauge.build("healthy_value", "Value.").register(registry).set(1));
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(hung, healthy)));
    RunDispatcher dispatcher = RunDispatcher.create(mode, 2, timer);
    dispatchers.add(dispatcher);
    run(dispatcher, hung);
    awaitIdle(hung);
    run(dispatcher, healthy);
    awaitIdle(healthy);

    hanging[0] = true;
    run(dispatcher, hung);
    assertThat(collecting.await(30, SECONDS)).isTrue();

    assertThat(host.getSampleValue("healthy_value")).isEqualTo(1.0);
    awaitState("the hung collection timed out", () -> hung.stats().snapshot().timeouts() == 1);
    assertThat(hung.isServable()).isFalse();
    assertThat(host.getSampleValue("healthy_value")).isEqualTo(1.0);
  }

  @ParameterizedTest
  @MethodSource("modesAndKinds")
  void aScrapeDuringARunServesThePreviousRunWhole(ExecutionMode mode, boolean async) throws Exception {
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<Gauge[]> gauges = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    Script.Step export =
        () -> {
          int run = runs.incrementAndGet();
          gauges.get()[0].set(run);
          if (run == 2) {
            halfway.countDown();
            finish.await(30, SECONDS);
          }
          gauges.get()[1].set(run);
        };
    AtomicReference<ExporterInstance> self = new AtomicReference<>();
    Script.Step init =
        () ->
            gauges.set(
                new Gauge[] {
                  Gauge.build("first_half", "Set first.").register(self.get().registry()),
                  Gauge.build("second_half", "Set second.").register(self.get().registry())
                });
    ExporterInstance instance =
        async
            ? Instances.async(
                "halves",
                Script.exportingAsync(() -> CompletableFuture.runAsync(() -> {
                  try {
                    export.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })).withInit(init),
                SCHEDULE,
                timer)
            : Instances.blocking("halves", Script.exporting(export).withInit(init), SCHEDULE, timer);
    self.set(instance);
    CollectorRegistry host = new CollectorRegistry(true);
    host.register(new InstancesCollector(() -> List.of(instance)));
    RunDispatcher dispatcher = dispatcher(mode);

    run(dispatcher, instance);
    awaitIdle(instance);
    run(dispatcher, instance);
    assertThat(halfway.await(30, SECONDS)).isTrue();

    assertThat(List.of(host.getSampleValue("first_half"), host.getSampleValue("second_half")))
        .containsExactly(1.0, 1.0);
    finish.countDown();
    awaitIdle(instance);
    assertThat(List.of(host.getSampleValue("first_half"), host.getSampleValue("second_half")))
        .containsExactly(2.0, 2.0);
  }

  @Test
  void aPromonitorNameRegisteredAfterInitIsRefusedForItsRunsAndLoggedOncePerStreak() {
    MetricNameGuard names = new MetricNameGuard(Set.of("monitor_exporter_up"));
    AtomicReference<ExporterInstance> self = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    ExporterInstance spoofing =
        Instances.blocking(
            "spoofing",
            Script.exporting(
                () -> {
                  if (runs.incrementAndGet() == 2) {
                    Gauge.build("monitor_exporter_up", "Spoofed.").register(self.get().registry());
                  }
                }),
            SCHEDULE.withOnFailure(FailurePolicy.KEEP),
            timer,
            names);
    self.set(spoofing);
    InstancesCollector served = new InstancesCollector(() -> List.of(spoofing));

    try (LogLines log = LogLines.of("dev.promonitor.core.engine")) {
      for (int run = 0; run < 4; run++) {
        assertThat(spoofing.tryAcquire()).isTrue();
        spoofing.runBlocking(ThreadAbandonment.NONE);
      }

      assertThat(log.lines())
          .filteredOn(line -> !line.startsWith("DEBUG "))
          .containsExactly(
              "ERROR Exporter 'scripted.spoofing' had its metrics refused: metric"
                  + " 'monitor_exporter_up' of exporter 'scripted.spoofing' is one of promonitor's"
                  + " own metric names");
    }
    RunStats.Snapshot stats = spoofing.stats().snapshot();
    assertThat(stats.successes()).isEqualTo(1);
    assertThat(stats.failures()).isEqualTo(3);
    // Under the keep policy, the snapshot of the last good run stays, without the spoofed family.
    assertThat(served.snapshot().families()).isEmpty();
    assertThat(spoofing.isServable()).isTrue();
  }

  @Test
  void aNameOfAnotherTypeRegisteredAfterInitIsRefusedForThatRun() {
    MetricNameGuard names = new MetricNameGuard(Set.of());
    AtomicReference<ExporterInstance> late = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    ExporterInstance owner =
        Instances.blocking("owner", Script.exporting(() -> {}), SCHEDULE, timer, names);
    Gauge.build("shared_name", "Owned.").register(owner.registry());
    ExporterInstance latecomer =
        Instances.async(
            "late",
            Script.exportingAsync(
                () -> {
                  if (runs.incrementAndGet() == 2) {
                    Gauge.build("shared_name", "Taken.").register(late.get().registry());
                  }
                  return CompletableFuture.completedFuture(null);
                }),
            SCHEDULE,
            timer,
            names);
    late.set(latecomer);

    for (ExporterInstance instance : List.of(owner, latecomer, latecomer)) {
      assertThat(instance.tryAcquire()).isTrue();
      instance.runBlocking(ThreadAbandonment.NONE);
    }

    assertThat(owner.stats().snapshot().successes()).isEqualTo(1);
    assertThat(latecomer.stats().snapshot().successes()).isEqualTo(1);
    assertThat(latecomer.stats().snapshot().lastError())
        .isEqualTo(
            "metric 'shared_name' is registered by exporter 'scripted.owner' (type scripted) and by"
                + " exporter 'scripted_async.late' (type scripted_async); metric names must be"
                + " unique across exporter types");
    assertThat(latecomer.isServable()).isFalse();
  }
}
