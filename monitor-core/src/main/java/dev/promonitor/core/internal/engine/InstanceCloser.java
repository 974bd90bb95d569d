package dev.promonitor.core.internal.engine;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code close()} of instances that no longer run, each on a thread of its own, all within
 * one deadline: a close that hangs is left to its thread and the next one goes on; once the
 * deadline has passed, the remaining closes are started without being waited for.
 */
final class InstanceCloser {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private InstanceCloser() {}

  /**
   * Closes the instances.
   *
   * @param closing instances whose runs are refused and over
   * @param deadlineNanos the {@link System#nanoTime()} by which the caller goes on
   */
  static void closeAll(List<ExporterInstance> closing, long deadlineNanos) {
    for (int i = 0; i < closing.size(); i++) {
      ExporterInstance instance = closing.get(i);
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        List<ExporterInstance> rest = closing.subList(i, closing.size());
        LOG.warn(
            "No time was left to wait for close() of {} exporter(s): {}",
            rest.size(),
            String.join(", ", rest.stream().map(ExporterInstance::qualifiedName).toList()));
        rest.forEach(unwaited -> BoundedCalls.detach(unwaited::close));
        return;
      }
      try {
        BoundedCalls.call(Duration.ofNanos(remaining), instance::close);
      } catch (BoundedCalls.DeadlineExceeded e) {
        LOG.warn("Exporter '{}' close() {}: left to its thread", instance.qualifiedName(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deadlineNanos = System.nanoTime();
      } catch (Throwable unexpected) {
        // close() logs and returns what the exporter threw; only a fatal error reaches here.
        ExporterCalls.rethrowIfFatal(unexpected);
      }
    }
  }
}
