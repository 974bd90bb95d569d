package dev.promonitor.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promonitor.core.testing.LogLines;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An exporter's logger logs as the backend's logger of its name does. */
class LazyLoggerTest {

  @Test
  void logsThroughTheBackendsLoggerOfTheSameName() {
    LazyLogger logger = new LazyLogger("exporters.lazy.test");
    try (LogLines log = LogLines.of("exporters.lazy")) {
      logger.info("connected to {}", "db1");
      logger.atWarn().log("slow answer");
      logger.debug("details");

      assertThat(log.lines()).containsExactly("INFO connected to db1", "WARN slow answer", "DEBUG details");
    }
    assertThat(logger.getName()).isEqualTo("exporters.lazy.test");
    assertThat(logger.delegate()).isSameAs(LoggerFactory.getLogger("exporters.lazy.test"));
  }

  @Test
  void takesTheLevelOfTheBackendsConfiguration() {
    LazyLogger logger = new LazyLogger("exporters.lazy.levels");
    try (LogLines log = LogLines.of("exporters.lazy.levels")) {
      assertThat(logger.isTraceEnabled()).isTrue();
    }
  }
}
