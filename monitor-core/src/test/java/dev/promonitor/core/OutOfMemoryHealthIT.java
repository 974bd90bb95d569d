package dev.promonitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /-/healthy} stops answering 200 once a run has ended in an out-of-memory error. */
class OutOfMemoryHealthIT {

  @Test
  void healthyAnswers503AfterAnExporterRanOutOfMemory() throws Exception {
    Process probe =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    OutOfMemoryHealthProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    probe.getOutputStream().close();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe ended; output:\n" + output).isTrue();
    assertThat(output)
        .contains("before: 200 Healthy")
        .contains("after: 503 Unhealthy: out of memory");
  }
}
