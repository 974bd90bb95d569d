package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An asynchronous exporter that blocks inside {@code exportMetricsAsync()} holds up no other. */
class BlockingCallTest {

  private static final ExporterSchedule LONG_TIMEOUT = ExporterSchedule.every(Duration.ofSeconds(600));

  private final TaskTimer timer = new SystemTaskTimer("blocking-call-test-timer");
  private final RunDispatcher dispatcher = RunDispatcher.create(ExecutionMode.ASYNC, 1, timer);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    release.countDown();
    dispatcher.shutdownNow();
    timer.shutdown();
  }

  @Test
  void aCallThatBlocksLendsItsInvokerAndTheOtherAsyncExportersRunLongBeforeItsTimeout()
      throws Exception {
    CountDownLatch blocking = new CountDownLatch(1);
    ExporterInstance blocker =
        Instances.async(
            "blocker",
            Script.exportingAsync(
                () -> {
                  blocking.countDown();
                  try {
                    release.await(60, SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return CompletableFuture.completedFuture(null);
                }),
            LONG_TIMEOUT,
            timer);
    CountDownLatch othersRan = new CountDownLatch(3);
    ExporterInstance[] others = new ExporterInstance[3];
    for (int i = 0; i < others.length; i++) {
      others[i] =
          Instances.async(
              "other" + i,
              Script.exportingAsync(
                  () -> {
                    othersRan.countDown();
                    return CompletableFuture.completedFuture(null);
                  }),
              LONG_TIMEOUT,
              timer);
    }
    initialize(blocker);
    for (ExporterInstance other : others) {
      initialize(other);
    }

    assertThat(blocker.tryAcquire()).isTrue();
    dispatcher.dispatch(blocker);
    assertThat(blocking.await(30, SECONDS)).isTrue();
    for (ExporterInstance other : others) {
      assertThat(other.tryAcquire()).isTrue();
      dispatcher.dispatch(other);
    }

    // The blocker's timeout is 10 minutes: only the lent invoker lets the others run meanwhile.
    assertThat(othersRan.await(30, SECONDS)).isTrue();
    assertThat(blocker.isBusy()).isTrue();
    release.countDown();
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (blocker.isBusy()) {
      assertThat(System.nanoTime()).as("the blocker's run ended").isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(blocker.stats().snapshot().successes()).isEqualTo(1);
    assertThat(dispatcher.abandonedThreads()).isZero();
  }

  private void initialize(ExporterInstance instance) throws InterruptedException {
    assertThat(instance.tryAcquire()).isTrue();
    dispatcher.initialize(instance);
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (instance.isBusy()) {
      assertThat(System.nanoTime()).as("init of " + instance).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
