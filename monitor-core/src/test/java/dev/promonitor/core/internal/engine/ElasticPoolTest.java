package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's decisions on the fake timer: its time moves only when a test says so, so a task's
 * age, and whether the pool grows or ends a thread, is decided by the test, not by the machine's
 * speed. Every wait is for a state, with a generous bound.
 */
class ElasticPoolTest {

  private static final long WAIT_SECONDS = 30;

  private final FakeTimer timer = new FakeTimer();
  private final RecordingFactory threads = new RecordingFactory();
  private final List<ElasticPool> pools = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    release.countDown();
    pools.forEach(ElasticPool::shutdownNow);
  }

  /** A pool on a machine of one processor, where only held-up workers make it grow. */
  private ElasticPool pool(int size) {
    return pool(size, 1);
  }

  private ElasticPool pool(int size, int processors) {
    ElasticPool pool = new ElasticPool(threads, size, timer, ElasticPool.KEEP_ALIVE_NANOS, processors);
    pools.add(pool);
    return pool;
  }

  @Test
  void aBurstOfShortTasksRunsOnOneThread() throws Exception {
    ElasticPool pool = pool(8);
    CountDownLatch ran = new CountDownLatch(100);
    List<Runnable> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      burst.add(ran::countDown);
    }

    pool.executeAll(burst);
    assertThat(ran.await(WAIT_SECONDS, SECONDS)).isTrue();
    timer.advance(Duration.ofMillis(100));

    assertThat(threads.created()).isEqualTo(1);
  }

  @Test
  void tasksQueuedBehindAWaitingTaskGetThreadsOfTheirOwnOnceTheyHaveWaitedTheDelay()
      throws Exception {
    ElasticPool pool = pool(8);
    pool.execute(this::awaitRelease);
    awaitState("the first task waits", () -> threads.last().getState() == Thread.State.WAITING);
    CountDownLatch others = new CountDownLatch(3);

    pool.executeAll(List.of(others::countDown, others::countDown, others::countDown));
    timer.advance(Duration.ofNanos(ElasticPool.BLOCKED_NANOS - 1));
    assertThat(threads.created()).isEqualTo(1);
    assertThat(others.getCount()).isEqualTo(3);
    timer.advance(Duration.ofNanos(1));

    assertThat(others.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(4);
  }

  @Test
  void onTwoProcessorsAQueueThatWaitedTheDelayGetsASecondThreadWhileTheFirstMakesProgress()
      throws Exception {
    ElasticPool pool = pool(8, 2);
    CountDownLatch firstDone = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch others = new CountDownLatch(3);
    pool.execute(this::awaitRelease);
    pool.executeAll(
        List.of(
            () -> awaitStarted(secondStarted, firstDone),
            others::countDown,
            others::countDown,
            others::countDown));
    // The first task takes a millisecond: the three queued behind the second would take three.
    timer.advance(Duration.ofMillis(1));
    release.countDown();
    assertThat(secondStarted.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("the second task waits", () -> threads.last().getState() == Thread.State.WAITING);

    // The second task started a millisecond ago: its worker makes progress, yet the others waited.
    timer.advance(Duration.ofMillis(1));

    assertThat(others.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(2);
    firstDone.countDown();
  }

  @Test
  void onTwoProcessorsAQueueThatWaitedTheDelayButTakesLessKeepsToOneThread() throws Exception {
    ElasticPool pool = pool(8, 2);
    CountDownLatch secondRelease = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch third = new CountDownLatch(1);
    pool.execute(this::awaitRelease);
    pool.executeAll(List.of(() -> awaitStarted(secondStarted, secondRelease), third::countDown));
    // The first task takes a millisecond: the one queued behind the second would take as long.
    timer.advance(Duration.ofMillis(1));
    release.countDown();
    assertThat(secondStarted.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("the second task waits", () -> threads.last().getState() == Thread.State.WAITING);

    timer.advance(Duration.ofMillis(1));
    assertThat(threads.created()).isEqualTo(1);
    assertThat(third.getCount()).isEqualTo(1);
    secondRelease.countDown();

    assertThat(third.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(1);
  }

  @Test
  void onOneProcessorTheSameQueueWaitsUntilTheWorkerIsHeldUp() throws Exception {
    ElasticPool pool = pool(8, 1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch third = new CountDownLatch(1);
    CountDownLatch secondRelease = new CountDownLatch(1);
    pool.execute(this::awaitRelease);
    pool.executeAll(
        List.of(
            () -> {
              secondStarted.countDown();
              try {
                secondRelease.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            third::countDown));
    timer.advance(Duration.ofMillis(1));
    release.countDown();
    assertThat(secondStarted.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("the second task waits", () -> threads.last().getState() == Thread.State.WAITING);

    timer.advance(Duration.ofMillis(1));
    assertThat(threads.created()).isEqualTo(1);
    assertThat(third.getCount()).isEqualTo(1);
    timer.advance(Duration.ofMillis(1));

    assertThat(third.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(2);
    secondRelease.countDown();
  }

  @Test
  void aTaskInASocketReadHoldsItsThreadForTheLongerDelayBeforeOthersStart() throws Exception {
    ElasticPool pool = pool(8);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch accepting = new CountDownLatch(1);
      pool.execute(
          () -> {
            accepting.countDown();
            try {
              server.accept().close();
            } catch (SocketException closed) {
              // the test closes the socket to end the task
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      assertThat(accepting.await(WAIT_SECONDS, SECONDS)).isTrue();
      CountDownLatch other = new CountDownLatch(1);

      pool.execute(other::countDown);
      timer.advance(Duration.ofNanos(ElasticPool.RUNNING_NANOS - 1));
      assertThat(threads.created()).isEqualTo(1);
      assertThat(other.getCount()).isEqualTo(1);
      timer.advance(Duration.ofMillis(1));

      assertThat(other.await(WAIT_SECONDS, SECONDS)).isTrue();
      assertThat(threads.created()).isEqualTo(2);
    }
  }

  @Test
  void tasksExpectedToBlockGetAThreadEachAtOnceUpToTheSize() throws Exception {
    ElasticPool pool = pool(3);
    CountDownLatch inside = new CountDownLatch(3);
    CountDownLatch fourth = new CountDownLatch(1);

    // The timer never moves: no growth check can run, so only the hand-over gives these threads.
    pool.executeAll(
        List.of(),
        List.of(
            () -> awaitStarted(inside, release),
            () -> awaitStarted(inside, release),
            () -> awaitStarted(inside, release),
            fourth::countDown));

    assertThat(inside.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(3);
    assertThat(fourth.getCount()).isEqualTo(1);
    release.countDown();
    assertThat(fourth.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(3);
  }

  @Test
  void shortTasksSubmittedWithBlockingOnesShareOneThread() throws Exception {
    ElasticPool pool = pool(8);
    CountDownLatch blockingInside = new CountDownLatch(2);
    CountDownLatch shortOnes = new CountDownLatch(50);
    List<Runnable> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(shortOnes::countDown);
    }

    pool.executeAll(
        burst,
        List.of(() -> awaitStarted(blockingInside, release), () -> awaitStarted(blockingInside, release)));

    assertThat(shortOnes.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(blockingInside.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(3);
  }

  @Test
  void prestartedThreadsTakeTasksAndEndAfterTheKeepAliveWhenIdle() throws Exception {
    ElasticPool pool = pool(4);

    pool.prestart(10);
    assertThat(threads.created()).as("at most the size").isEqualTo(4);
    timer.advance(Duration.ofNanos(ElasticPool.KEEP_ALIVE_NANOS - 1));
    assertThat(pool.threads()).as("kept for the keep-alive").isEqualTo(4);
    CountDownLatch inside = new CountDownLatch(2);
    pool.executeAll(
        List.of(), List.of(() -> awaitStarted(inside, release), () -> awaitStarted(inside, release)));
    assertThat(inside.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).as("the tasks took prestarted threads").isEqualTo(4);
    timer.advance(Duration.ofNanos(1));
    assertThat(pool.threads()).as("the two unused ones ended").isEqualTo(2);
    release.countDown();

    // The two others end a keep-alive after their tasks, whenever those returned.
    awaitState("every thread ended", () -> {
      timer.advance(Duration.ofNanos(ElasticPool.KEEP_ALIVE_NANOS));
      return pool.threads() == 0;
    });
    assertThat(threads.uncaught()).isEmpty();
  }

  @Test
  void aPrestartedThreadThatCannotStartLeavesThePoolToTheOthers() throws Exception {
    threads.failStartOf(2);
    ElasticPool pool = pool(4);

    pool.prestart(4);
    assertThat(pool.threads()).isEqualTo(1);
    List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ran = new CountDownLatch(1);
    pool.execute(
        () -> {
          ranOn.add(Thread.currentThread().getName());
          ran.countDown();
        });

    assertThat(ran.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(ranOn).containsExactly("pool-test-1");
    assertThat(threads.created()).isEqualTo(4);
  }

  @Test
  void aTaskSubmittedRightAfterTheLastIdleThreadEndedStartsANewOne() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch first = new CountDownLatch(1);
    pool.execute(first::countDown);
    assertThat(first.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("the thread is idle", () -> threads.last().getState() == Thread.State.WAITING);

    // The pool ends its only thread at the keep-alive; the task comes before that thread has woken.
    timer.advance(Duration.ofNanos(ElasticPool.KEEP_ALIVE_NANOS));
    CountDownLatch second = new CountDownLatch(1);
    pool.execute(second::countDown);

    assertThat(second.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(2);
  }

  @Test
  void aTaskSubmittedJustBeforeTheKeepAliveKeepsTheIdleThread() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch first = new CountDownLatch(1);
    pool.execute(first::countDown);
    assertThat(first.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("the thread is idle", () -> threads.last().getState() == Thread.State.WAITING);

    timer.advance(Duration.ofNanos(ElasticPool.KEEP_ALIVE_NANOS - 1));
    CountDownLatch second = new CountDownLatch(1);
    pool.execute(second::countDown);
    timer.advance(Duration.ofSeconds(1));

    assertThat(second.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(threads.created()).isEqualTo(1);
  }

  @Test
  void aTaskThatKillsItsThreadLeavesTheTasksQueuedBehindItServed() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          awaitRelease();
          throw new InternalError("test: the JVM fails");
        });
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    CountDownLatch queued = new CountDownLatch(1);
    pool.execute(queued::countDown);

    release.countDown();

    assertThat(queued.await(WAIT_SECONDS, SECONDS)).isTrue();
    // The queued task may run on the new thread before the dying one has reported its failure.
    Thread dying = threads.first();
    dying.join(SECONDS.toMillis(WAIT_SECONDS));
    assertThat(dying.isAlive()).isFalse();
    assertThat(threads.uncaught()).singleElement().isInstanceOf(InternalError.class);
    assertThat(threads.created()).isEqualTo(2);
  }

  @Test
  void aLentThreadLetsAnotherStartAtOnceAndTheExtraThreadEndsOnceItIsBack() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          awaitRelease();
        });
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    CountDownLatch queued = new CountDownLatch(1);
    pool.execute(queued::countDown);

    pool.lend();
    assertThat(queued.await(WAIT_SECONDS, SECONDS)).isTrue();
    assertThat(pool.size()).isEqualTo(2);
    pool.giveBack();
    release.countDown();

    awaitState("one thread is left", () -> pool.threads() == 1);
    assertThat(pool.size()).isEqualTo(1);
  }

  @Test
  void afterShutdownQueuedTasksStillRunAndNewOnesAreRefused() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          awaitRelease();
        });
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    CountDownLatch queued = new CountDownLatch(1);
    pool.execute(queued::countDown);

    pool.shutdown();
    assertThatThrownBy(() -> pool.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("the pool is shut down");
    release.countDown();

    assertThat(queued.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("every thread ended", () -> pool.threads() == 0);
  }

  @Test
  void shutdownNowInterruptsTheRunningTasksAndDropsTheQueuedOnes() throws Exception {
    ElasticPool pool = pool(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        });
    assertThat(started.await(WAIT_SECONDS, SECONDS)).isTrue();
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    pool.execute(() -> ran.add("queued"));

    pool.shutdownNow();

    assertThat(interrupted.await(WAIT_SECONDS, SECONDS)).isTrue();
    awaitState("every thread ended", () -> pool.threads() == 0);
    assertThat(ran).isEmpty();
  }

  /** Says that it started, then waits for {@code done}. */
  private static void awaitStarted(CountDownLatch started, CountDownLatch done) {
    started.countDown();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitState(String what, BooleanSupplier state) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
    while (!state.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** Daemon threads whose creation and uncaught failures the test reads. */
  private static final class RecordingFactory implements ThreadFactory {
    private final List<Thread> created = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private volatile int failingStart;

    /** The {@code number}th thread made fails to start, as when the JVM has no native memory. */
    void failStartOf(int number) {
      failingStart = number;
    }

    @Override
    public Thread newThread(Runnable runnable) {
      int number = created.size() + 1;
      Thread thread =
          number == failingStart
              ? new Thread(runnable, "pool-test-" + number) {
                  @Override
                  public synchronized void start() {
                    throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
                  }
                }
              : new Thread(runnable, "pool-test-" + number);
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((dead, failure) -> uncaught.add(failure));
      created.add(thread);
      return thread;
    }

    int created() {
      return created.size();
    }

    Thread first() {
      return created.get(0);
    }

    Thread last() {
      return created.get(created.size() - 1);
    }

    List<Throwable> uncaught() {
      return uncaught;
    }
  }
}
