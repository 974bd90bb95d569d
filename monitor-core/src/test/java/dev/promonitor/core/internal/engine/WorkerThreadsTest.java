package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.config.AppSettings;
import org.junit.jupiter.api.Test;

class WorkerThreadsTest {

  @Test
  void withoutThreadsSetThePoolFollowsTheExportersBetweenOneAndThirtyTwo() {
    AppSettings app = AppSettings.defaults();

    assertThat(WorkerThreads.count(app, 0)).isEqualTo(1);
    assertThat(WorkerThreads.count(app, 5)).isEqualTo(5);
    assertThat(WorkerThreads.count(app, 1000)).isEqualTo(AppSettings.MAX_DEFAULT_THREADS);
  }

  @Test
  void threadsSetInTheAppSectionWin() {
    assertThat(WorkerThreads.count(AppSettings.builder().threads(3).build(), 1000)).isEqualTo(3);
  }
}
