package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExporterSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FixedRateSchedulerTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private final FakeTimer timer = new FakeTimer();
  private final long origin = timer.nanoTime();
  private final List<Long> runStarts = new ArrayList<>();

  /** Records when each run starts and ends it {@code workTime} later, on the fake clock. */
  private Consumer<List<ExporterInstance>> runsTaking(Duration workTime) {
    return due -> {
      for (ExporterInstance instance : due) {
        runStarts.add(timer.nanoTime() - origin);
        timer.schedule(instance::release, workTime.toNanos());
      }
    };
  }

  private ExporterInstance instance(Duration period) {
    return Instances.blocking("a", Script.exporting(() -> {}), period, timer);
  }

  @Test
  void firstRunStartsRightAfterStart() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));

    scheduler.start(List.of(instance(SECOND)));
    timer.runDue();

    assertThat(runStarts).containsExactly(0L);
  }

  @Test
  void periodDoesNotDriftByTheWorkTime() {
    FixedRateScheduler scheduler =
        new FixedRateScheduler(timer, runsTaking(Duration.ofMillis(300)));

    scheduler.start(List.of(instance(SECOND)));
    timer.advance(Duration.ofMillis(5_500));

    assertThat(runStarts)
        .containsExactly(0L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L, 4_000_000_000L, 5_000_000_000L);
  }

  @Test
  void fractionalPeriodsAreKeptToTheNanosecond() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));

    scheduler.start(List.of(instance(Duration.ofMillis(250))));
    timer.advance(Duration.ofMillis(1_000));

    assertThat(runStarts).containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L);
  }

  @Test
  void runDueWhilePreviousRunIsStillGoingIsSkippedAndCounted() {
    FixedRateScheduler scheduler =
        new FixedRateScheduler(timer, runsTaking(Duration.ofMillis(2_500)));
    ExporterInstance instance = instance(SECOND);

    scheduler.start(List.of(instance));
    timer.advance(Duration.ofMillis(5_000));

    // Runs at 0 s (ends 2.5 s) and 3 s (ends 5.5 s); 1, 2, 4 and 5 s find it busy.
    assertThat(runStarts).containsExactly(0L, 3_000_000_000L);
    assertThat(instance.stats().snapshot().skipped()).isEqualTo(4);
  }

  @Test
  void stalledTimerRunsTheLatestDueRunOnceAndCountsTheOthersAsSkipped() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));
    ExporterInstance instance = instance(SECOND);
    scheduler.start(List.of(instance));
    timer.runDue();

    timer.stall(Duration.ofMillis(3_500));
    timer.runDue();

    assertThat(runStarts).containsExactly(0L, 3_500_000_000L);
    assertThat(instance.stats().snapshot().skipped()).isEqualTo(2);
    timer.advance(Duration.ofMillis(500));
    assertThat(runStarts).containsExactly(0L, 3_500_000_000L, 4_000_000_000L);
  }

  @Test
  void eachInstanceKeepsItsOwnCadence() {
    List<String> runs = new ArrayList<>();
    FixedRateScheduler scheduler =
        new FixedRateScheduler(
            timer,
            due ->
                due.forEach(
                    instance -> {
                      runs.add(instance.exporter().name() + "@" + (timer.nanoTime() - origin) / 1_000_000);
                      instance.release();
                    }));
    ExporterInstance fast =
        Instances.blocking("fast", Script.exporting(() -> {}), Duration.ofMillis(500), timer);
    ExporterInstance slow =
        Instances.blocking("slow", Script.exporting(() -> {}), SECOND, timer);

    scheduler.start(List.of(fast, slow));
    timer.advance(SECOND);

    assertThat(runs).containsExactlyInAnyOrder("fast@0", "slow@0", "fast@500", "fast@1000", "slow@1000");
  }

  @Test
  void noRunStartsAfterStop() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));
    scheduler.start(List.of(instance(SECOND)));
    timer.runDue();

    scheduler.stop();
    timer.advance(Duration.ofSeconds(10));

    assertThat(runStarts).containsExactly(0L);
    assertThat(timer.pending()).isZero();
  }

  @Test
  void firstRunWaitsForTheInitialDelayPlusAStableJitterOffset() {
    ExporterSchedule schedule =
        ExporterSchedule.every(SECOND)
            .withInitialDelay(Duration.ofMillis(2_000))
            .withJitter(Duration.ofMillis(500));
    ExporterInstance instance =
        Instances.blocking("jittered", Script.exporting(() -> {}), schedule, timer);
    long offset = FixedRateScheduler.firstRunOffsetNanos(instance);
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));

    scheduler.start(List.of(instance));
    timer.advance(Duration.ofMillis(3_600));

    assertThat(offset).isBetween(2_000_000_000L, 2_499_999_999L);
    assertThat(FixedRateScheduler.firstRunOffsetNanos(instance)).isEqualTo(offset);
    // Runs start on the timer's next wake-up after they are due.
    long grain = FixedRateScheduler.GRANULARITY_NANOS;
    long firstStart = (offset + grain - 1) / grain * grain;
    assertThat(runStarts).containsExactly(firstStart, firstStart + 1_000_000_000L);
  }

  @Test
  void jitterSpreadsInstancesThatShareAnInterval() {
    ExporterSchedule schedule = ExporterSchedule.every(SECOND).withJitter(SECOND);
    java.util.Set<Long> offsets = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      offsets.add(
          FixedRateScheduler.firstRunOffsetNanos(
              Instances.blocking("instance" + i, Script.exporting(() -> {}), schedule, timer)));
    }

    assertThat(offsets).hasSizeGreaterThan(45).allMatch(offset -> offset >= 0 && offset < 1_000_000_000L);
  }

  @Test
  void anInstanceScheduledLateRunsAtOnceThenOnTheCadenceOfItsOrigin() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));
    long start = timer.nanoTime();
    timer.advance(Duration.ofMillis(300)); // its init took 300 ms

    scheduler.start(List.of(instance(SECOND)), start);
    timer.advance(Duration.ofMillis(2_000));

    assertThat(runStarts).containsExactly(300_000_000L, 1_000_000_000L, 2_000_000_000L);
    assertThat(timer.pending()).isEqualTo(1);
  }

  @Test
  void aLateFirstRunIsFollowedByTheFirstDueTimeAtLeastHalfAPeriodLater() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));
    ExporterInstance instance = instance(SECOND);
    long start = timer.nanoTime();
    timer.advance(Duration.ofMillis(2_700)); // its init took 2.7 s

    scheduler.start(List.of(instance), start);
    timer.advance(Duration.ofMillis(2_000));

    assertThat(runStarts).containsExactly(2_700_000_000L, 4_000_000_000L);
    assertThat(instance.stats().snapshot().skipped()).isZero();
  }

  @Test
  void runsOfOneWakeUpAreHandedToTheDispatcherTogether() {
    List<Integer> handOvers = new ArrayList<>();
    FixedRateScheduler scheduler =
        new FixedRateScheduler(
            timer,
            due -> {
              handOvers.add(due.size());
              due.forEach(ExporterInstance::release);
            });
    List<ExporterInstance> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(Instances.blocking("together" + i, Script.exporting(() -> {}), SECOND, timer));
    }

    scheduler.start(many);
    timer.advance(Duration.ofMillis(2_500));

    assertThat(handOvers).containsExactly(300, 300, 300);
  }

  @Test
  void runsDueWithinOneWakeUpWindowShareIt() {
    List<List<Long>> handOvers = new ArrayList<>();
    FixedRateScheduler scheduler =
        new FixedRateScheduler(
            timer,
            due -> {
              handOvers.add(due.stream().map(unused -> timer.nanoTime() - origin).toList());
              due.forEach(ExporterInstance::release);
            });
    ExporterInstance early =
        Instances.blocking(
            "early", Script.exporting(() -> {}), ExporterSchedule.every(SECOND).withInitialDelay(Duration.ofMillis(1)), timer);
    ExporterInstance late =
        Instances.blocking(
            "late", Script.exporting(() -> {}), ExporterSchedule.every(SECOND).withInitialDelay(Duration.ofMillis(4)), timer);

    scheduler.start(List.of(early, late));
    timer.advance(Duration.ofMillis(10));

    assertThat(handOvers).containsExactly(List.of(5_000_000L, 5_000_000L));
  }

  @Test
  void runsDueInTheSameMillisecondShareOneTimerWakeUp() {
    FixedRateScheduler scheduler = new FixedRateScheduler(timer, runsTaking(Duration.ZERO));
    List<ExporterInstance> many = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      many.add(Instances.blocking("same" + i, Script.exporting(() -> {}), SECOND, timer));
    }

    scheduler.start(many);

    assertThat(timer.pending()).isEqualTo(1);
    timer.runDue();
    assertThat(runStarts).hasSize(1_000).containsOnly(0L);
    assertThat(timer.pending()).isEqualTo(1);
  }

  @Test
  void nextDueTimeSeenWhileTheDueRunsAreHandedOverIsTheFollowingOne() {
    List<Long> seenAtDispatch = new ArrayList<>();
    FixedRateScheduler[] scheduler = new FixedRateScheduler[1];
    scheduler[0] =
        new FixedRateScheduler(
            timer,
            due -> {
              for (ExporterInstance instance : due) {
                seenAtDispatch.add(scheduler[0].nextDueNanos(instance).orElseThrow() - origin);
                instance.release();
              }
            });
    ExporterInstance instance = instance(SECOND);

    scheduler[0].start(List.of(instance));
    timer.advance(Duration.ofMillis(1_500));

    assertThat(seenAtDispatch).containsExactly(1_000_000_000L, 2_000_000_000L);
    assertThat(scheduler[0].nextDueNanos(instance)).hasValue(origin + 2_000_000_000L);
  }
}
