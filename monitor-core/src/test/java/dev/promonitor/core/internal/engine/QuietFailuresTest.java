package dev.promonitor.core.internal.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.config.ExecutionMode;
import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.core.internal.engine.RunStats.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An export that throws, whatever it throws short of the JVM failing, is a failed run and nothing
 * more: no thread dies (a pool of one keeps its first thread), no uncaught exception is reported.
 */
class QuietFailuresTest {

  private static final ExporterSchedule SCHEDULE = ExporterSchedule.every(Duration.ofSeconds(60));

  private final TaskTimer timer = new SystemTaskTimer("quiet-failures-test-timer");
  private final List<RunDispatcher> dispatchers = new ArrayList<>();

  @AfterEach
  void shutDown() {
    dispatchers.forEach(RunDispatcher::shutdownNow);
    timer.shutdown();
  }

  static Stream<Arguments> modesAndThrowables() {
    List<Arguments> cases = new ArrayList<>();
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (boolean async : List.of(false, true)) {
        cases.add(Arguments.of(mode, async, new IllegalStateException("broken")));
        cases.add(Arguments.of(mode, async, new AssertionError("broken")));
        cases.add(Arguments.of(mode, async, new Error("broken")));
        cases.add(Arguments.of(mode, async, new StackOverflowError()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("modesAndThrowables")
  void aThrowingExportFailsItsRunAndKillsNoThread(ExecutionMode mode, boolean async, Throwable thrown)
      throws Exception {
    RunDispatcher dispatcher = RunDispatcher.create(mode, 1, timer);
    dispatchers.add(dispatcher);
    List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> uncaught.add(failure));
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    try {
      ExporterInstance throwing =
          async
              ? Instances.async(
                  "throwing",
                  Script.exportingAsync(
                      () -> {
                        threads.add(Thread.currentThread().getName());
                        sneakyThrow(thrown);
                        return CompletableFuture.completedFuture(null);
                      }),
                  SCHEDULE,
                  timer)
              : Instances.blocking(
                  "throwing",
                  Script.exporting(
                      () -> {
                        threads.add(Thread.currentThread().getName());
                        sneakyThrow(thrown);
                      }),
                  SCHEDULE,
                  timer);

      for (int run = 0; run < 3; run++) {
        assertThat(throwing.tryAcquire()).isTrue();
        dispatcher.dispatch(throwing);
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (throwing.isBusy()) {
          assertThat(System.nanoTime()).as("run ended").isLessThan(deadline);
          Thread.sleep(5);
        }
      }

      assertThat(throwing.stats().snapshot().runs(Result.FAILURE)).isEqualTo(3);
      assertThat(throwing.stats().snapshot().lastError()).isEqualTo(thrown.toString());
      // Every run found the first thread of its pool alive.
      assertThat(threads).hasSize(3).allMatch(name -> name.endsWith("-1"));
      assertThat(uncaught).isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
    throw (T) failure;
  }
}
