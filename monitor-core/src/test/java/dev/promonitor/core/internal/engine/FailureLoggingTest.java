package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.testing.LogLines;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureLoggingTest {

  private static final TaskTimer TIMER = new SystemTaskTimer("logging-test-timer");

  private int runs;

  private void failUntilThirdRun() throws IOException {
    runs++;
    if (runs < 3) {
      throw new IOException(
          "cannot reach https://monitor:hunter2@db.internal/",
          new IllegalStateException("login refused for password=hunter2"));
    }
  }

  private static void runOnce(ExporterInstance instance) {
    assertThat(instance.tryAcquire()).isTrue();
    instance.runBlocking(ThreadAbandonment.NONE);
  }

  @Test
  void aStreakIsLoggedOnceWithItsStackAndItsRecoveryWithSecretsMasked() {
    ExporterInstance instance =
        Instances.blocking("leaky", Script.exporting(this::failUntilThirdRun), Duration.ofSeconds(1), TIMER);

    try (LogLines log = LogLines.of("dev.promonitor.core.engine")) {
      runOnce(instance);
      runOnce(instance);
      runOnce(instance);

      assertThat(log.lines())
          .filteredOn(line -> !line.startsWith("DEBUG "))
          .containsExactly(
              "ERROR Exporter 'scripted.leaky' raised an error:"
                  + " java.io.IOException: cannot reach https://monitor:****@db.internal/"
                  + " | java.io.IOException: cannot reach https://monitor:****@db.internal/"
                  + " | java.lang.IllegalStateException: login refused for password=****",
              "WARN Exporter 'scripted.leaky' raised an error again (2 consecutive failures):"
                  + " java.io.IOException: cannot reach https://monitor:****@db.internal/",
              "INFO Exporter 'scripted.leaky' recovered after 2 failed run(s)");
    }
    assertThat(instance.stats().snapshot().lastError()).isNull();
  }

  @Test
  void lastErrorKeptForTheStatusPageIsMasked() {
    ExporterInstance instance =
        Instances.blocking("leaky", Script.exporting(this::failUntilThirdRun), Duration.ofSeconds(1), TIMER);

    runOnce(instance);

    assertThat(instance.stats().snapshot().lastError())
        .isEqualTo("java.io.IOException: cannot reach https://monitor:****@db.internal/");
  }

  @Test
  void aStreakOfDifferentFailuresShowsOnlyItsFirstStackTrace() {
    Script changing =
        Script.exporting(
            () -> {
              runs++;
              if (runs == 1) {
                throw new IOException("disk gone");
              }
              if (runs == 2) {
                throw new StackOverflowError();
              }
              throw new IllegalStateException("still broken");
            });
    ExporterInstance instance = Instances.blocking("changing", changing, Duration.ofSeconds(1), TIMER);

    try (LogLines log = LogLines.of("dev.promonitor.core.engine")) {
      runOnce(instance);
      runOnce(instance);
      runOnce(instance);

      assertThat(log.lines())
          .filteredOn(line -> !line.startsWith("DEBUG "))
          .containsExactly(
              "ERROR Exporter 'scripted.changing' raised an error: java.io.IOException: disk gone"
                  + " | java.io.IOException: disk gone",
              "ERROR Exporter 'scripted.changing' raised an error (2 consecutive failures):"
                  + " java.lang.StackOverflowError",
              "ERROR Exporter 'scripted.changing' raised an error (3 consecutive failures):"
                  + " java.lang.IllegalStateException: still broken");
    }
  }
}
