package dev.promonitor.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  private final AtomicInteger started = new AtomicInteger();
  private final ThreadFactory factory =
      task -> {
        Thread thread = new Thread(task, "test-worker-" + started.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private WorkerPool pool;

  @AfterEach
  void close() {
    release.countDown();
    if (pool != null) {
      pool.close();
    }
  }

  /** A task that says it started, then waits for {@code release}. */
  private Runnable blocking(String name, CountDownLatch entered) {
    return () -> {
      ran.add(name);
      entered.countDown();
      await(release);
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void requestsBeyondTheActiveWorkersWaitForTheFirstFreeThreadInTheirOrder() {
    pool = new WorkerPool(10, 2, 30, TimeUnit.SECONDS, factory);
    CountDownLatch both = new CountDownLatch(2);
    pool.execute(blocking("first", both));
    pool.execute(blocking("second", both));
    await(both);
    CountDownLatch done = new CountDownLatch(2);
    pool.execute(() -> { ran.add("third"); done.countDown(); });
    pool.execute(() -> { ran.add("fourth"); done.countDown(); });

    assertThat(pool.threadCount()).isEqualTo(2);
    assertThat(ran).containsExactlyInAnyOrder("first", "second");

    release.countDown();

    await(done);
    assertThat(ran.subList(2, 4)).containsExactly("third", "fourth");
    assertThat(started).hasValue(2);
  }

  @Test
  void aWorkerHeldByItsClientLetsAnotherServeTheNextRequest() {
    pool = new WorkerPool(10, 1, 30, TimeUnit.SECONDS, factory);
    CountDownLatch held = new CountDownLatch(1);
    pool.execute(
        () -> {
          pool.waitingForClient();
          held.countDown();
          await(release);
          pool.clientTookMore();
        });
    await(held);
    CountDownLatch served = new CountDownLatch(1);

    pool.execute(served::countDown);

    await(served);
    assertThat(started).hasValue(2);
  }

  @Test
  void aWorkerThatStopsWaitingCountsAgainAmongTheActiveOnes() {
    pool = new WorkerPool(10, 1, 30, TimeUnit.SECONDS, factory);
    CountDownLatch resumed = new CountDownLatch(1);
    pool.execute(
        () -> {
          pool.waitingForClient();
          pool.clientTookMore();
          resumed.countDown();
          await(release);
        });
    await(resumed);

    pool.execute(() -> ran.add("queued"));

    assertThat(pool.threadCount()).isEqualTo(1);
    assertThat(ran).isEmpty();
  }

  @Test
  void aTaskRunAtOnceNeitherWaitsForTheActiveWorkersNorTakesTheirPlace() {
    pool = new WorkerPool(10, 1, 30, TimeUnit.SECONDS, factory);
    CountDownLatch first = new CountDownLatch(1);
    pool.execute(blocking("queued work", first));
    await(first);
    CountDownLatch apart = new CountDownLatch(1);

    pool.executeAtOnce(blocking("bcrypt", apart));

    await(apart);
    assertThat(ran).containsExactly("queued work", "bcrypt");
    assertThat(pool.threadCount()).isEqualTo(2);
  }
}
