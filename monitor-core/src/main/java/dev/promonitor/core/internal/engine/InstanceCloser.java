package dev.promonitor.core.internal.engine;

import dev.promonitor.core.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code close()} of instances that no longer run, all at once, each on a thread of its own
 * and each until the same deadline: a close that hangs costs only its own thread, never the time
 * of the others, so that every other close is called and has the whole budget. A close past the
 * deadline is interrupted, logged with its exporter's name and left to its thread.
 */
final class InstanceCloser {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private InstanceCloser() {}

  /**
   * Closes the instances, returning by the deadline.
   *
   * @param closing instances whose runs are refused and over
   * @param deadlineNanos the {@link System#nanoTime()} by which the caller goes on
   */
  static void closeAll(List<ExporterInstance> closing, long deadlineNanos) {
    // To a tenth of a second, as the log shows it: "within 3s", not "within 2.999s".
    Duration budget =
        Duration.ofMillis(100 * Math.round(Math.max(0, deadlineNanos - System.nanoTime()) / 1e8));
    List<Future<Boolean>> calls = new ArrayList<>(closing.size());
    for (ExporterInstance instance : closing) {
      calls.add(BoundedCalls.start(instance::close));
    }
    boolean interrupted = false;
    for (int i = 0; i < calls.size(); i++) {
      Future<Boolean> call = calls.get(i);
      try {
        call.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        call.cancel(true);
        if (interrupted) {
          LOG.warn(
              "Exporter '{}' close() was not waited for, the stop was interrupted: left to its"
                  + " thread",
              closing.get(i).qualifiedName());
        } else {
          LOG.warn(
              "Exporter '{}' close() did not return within {}: left to its thread",
              closing.get(i).qualifiedName(),
              Durations.seconds(budget));
        }
      } catch (InterruptedException e) {
        // The caller is in a hurry: the closes that have not returned yet are not waited for.
        interrupted = true;
        deadlineNanos = System.nanoTime();
        i--;
      } catch (ExecutionException e) {
        // close() logs and returns what the exporter threw; only a fatal error reaches here.
        ExporterCalls.rethrowIfFatal(e.getCause() != null ? e.getCause() : e);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
