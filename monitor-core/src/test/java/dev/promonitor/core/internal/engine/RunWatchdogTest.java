package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunWatchdogTest {

  private final FakeTimer timer = new FakeTimer();
  private final RunWatchdog watchdog = new RunWatchdog(timer);
  private final List<String> timedOut = new ArrayList<>();

  @Test
  void runStillWatchedAtItsDeadlineTimesOutAtTheNextSweep() {
    watchdog.watch(Duration.ofMillis(25).toNanos(), () -> timedOut.add("slow"));

    timer.advance(Duration.ofMillis(20));
    assertThat(timedOut).isEmpty();
    timer.advance(Duration.ofMillis(10));

    assertThat(timedOut).containsExactly("slow");
  }

  @Test
  void runThatEndsInTimeNeverTimesOutAndTheSweepStops() {
    TaskTimer.Cancellable watch =
        watchdog.watch(Duration.ofMillis(25).toNanos(), () -> timedOut.add("quick"));

    timer.advance(Duration.ofMillis(5));
    watch.cancel();
    timer.advance(Duration.ofSeconds(1));

    assertThat(timedOut).isEmpty();
    assertThat(timer.pending()).as("no sweep while nothing is watched").isZero();
  }

  @Test
  void eachRunTimesOutOnceEvenWithTheSameDeadline() {
    watchdog.watch(Duration.ofMillis(15).toNanos(), () -> timedOut.add("first"));
    watchdog.watch(Duration.ofMillis(15).toNanos(), () -> timedOut.add("second"));

    timer.advance(Duration.ofSeconds(1));

    assertThat(timedOut).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void runThatEndsPastItsDeadlineButBeforeTheSweepIsNotTimedOut() {
    TaskTimer.Cancellable late =
        watchdog.watch(Duration.ofMillis(3).toNanos(), () -> timedOut.add("late"));
    watchdog.watch(Duration.ofMillis(3).toNanos(), () -> timedOut.add("stuck"));

    timer.advance(Duration.ofMillis(5));
    late.cancel();
    timer.advance(Duration.ofMillis(10));

    assertThat(timedOut).containsExactly("stuck");
  }

  @Test
  void cancellingATimedOutWatchChangesNothing() {
    TaskTimer.Cancellable watch =
        watchdog.watch(Duration.ofMillis(5).toNanos(), () -> timedOut.add("slow"));
    timer.advance(Duration.ofMillis(10));

    watch.cancel();
    timer.advance(Duration.ofSeconds(1));

    assertThat(timedOut).containsExactly("slow");
    assertThat(timer.pending()).isZero();
  }
}
