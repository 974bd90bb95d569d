package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdleSignalTest {

  /** Waiters that never check again on their own: a lost signal leaves them waiting. */
  private final IdleSignal signal = new IdleSignal(TimeUnit.HOURS.toMillis(1));

  @Test
  void awaitReturnsAtOnceWhenWhatItWaitsForHolds() {
    AtomicInteger checks = new AtomicInteger();

    boolean done = signal.awaitUntil(() -> checks.incrementAndGet() > 0, Long.MAX_VALUE);

    assertThat(done).isTrue();
    assertThat(checks).hasValue(1);
  }

  @Test
  void awaitGivesUpAtItsDeadline() {
    boolean done = signal.awaitUntil(() -> false, System.nanoTime());

    assertThat(done).isFalse();
  }

  @Test
  void anInterruptedWaiterGivesUpAndKeepsItsInterrupt() throws InterruptedException {
    AtomicBoolean answer = new AtomicBoolean(true);
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread waiter =
        new Thread(
            () -> {
              answer.set(signal.awaitUntil(() -> false, Long.MAX_VALUE));
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
    waiter.start();
    waiter.interrupt();
    waiter.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(waiter.isAlive()).isFalse();
    assertThat(answer).isFalse();
    assertThat(interruptedAfter).isTrue();
  }

  @Test
  void aSignalAfterTheChangeWakesTheWaiter() throws InterruptedException {
    AtomicBoolean ended = new AtomicBoolean();
    CountDownLatch checked = new CountDownLatch(1);
    AtomicReference<Boolean> answer = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () ->
                answer.set(
                    signal.awaitUntil(
                        () -> {
                          checked.countDown();
                          return ended.get();
                        },
                        Long.MAX_VALUE)));
    waiter.start();
    assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();

    ended.set(true);
    signal.signal();
    waiter.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(answer.get()).isTrue();
  }

  @Test
  void noSignalIsLostWhileTwoThreadsHandTurnsBackAndForth() throws InterruptedException {
    // Each side waits for the other's turn on the same signal: one lost signal stops both.
    int rounds = 5_000;
    AtomicInteger turn = new AtomicInteger();
    Thread odd =
        new Thread(
            () -> {
              for (int i = 1; i < 2 * rounds; i += 2) {
                int mine = i;
                signal.awaitUntil(() -> turn.get() == mine - 1, Long.MAX_VALUE);
                turn.set(mine);
                signal.signal();
              }
            });
    odd.setDaemon(true);
    odd.start();
    Thread even =
        new Thread(
            () -> {
              for (int i = 2; i <= 2 * rounds; i += 2) {
                int mine = i;
                signal.awaitUntil(() -> turn.get() == mine - 1, Long.MAX_VALUE);
                turn.set(mine);
                signal.signal();
              }
            });
    even.setDaemon(true);
    even.start();

    even.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(turn).hasValue(2 * rounds);
  }
}
