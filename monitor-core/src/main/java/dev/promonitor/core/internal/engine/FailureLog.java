package dev.promonitor.core.internal.engine;

import dev.promonitor.core.internal.SecretMasking;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one instance's failures reach the log: the first failure of a streak with its stack trace,
 * every later one of the streak in one line (their stack trace at DEBUG), refusals of a snapshot once
 * per streak, and the recovery; messages masked, so that a broken exporter neither floods the log
 * nor leaks a secret.
 */
final class FailureLog {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.engine");

  private final String qualifiedName;
  private @Nullable String lastSignature;

  FailureLog(String qualifiedName) {
    this.qualifiedName = qualifiedName;
  }

  /**
   * Logs a failed or timed-out run.
   *
   * @param what what happened, such as {@code raised an error}
   * @param failure what was thrown, or null for a timeout or a refusal
   * @param streak failed runs since the last success, this one included
   * @param quietKey for a failure logged once per streak, what makes two of them the same (their
   *     repeats go to DEBUG only); null for a failure whose repeats are logged in one line each
   */
  synchronized void failed(String what, @Nullable Throwable failure, int streak, @Nullable String quietKey) {
    boolean quietRepeats = quietKey != null;
    String signature =
        quietKey != null
            ? "quiet: " + quietKey
            : failure == null ? what : failure.getClass().getName() + ": " + failure.getMessage();
    boolean repeat = streak > 1 && Objects.equals(signature, lastSignature);
    lastSignature = signature;
    // Exception messages often carry URLs with passwords or tokens: the log gets masked copies.
    Throwable shown = failure == null ? null : SecretMasking.masked(failure);
    if (!repeat && shown != null && streak <= 1) {
      LOG.error("Exporter '{}' {}: {}", qualifiedName, what, shown.toString(), shown);
    } else if (!repeat && shown != null) {
      // Another failure in the same streak: one line, as an exporter that fails each run in a new
      // way (a StackOverflowError's trace is a thousand lines) must not flood the log.
      LOG.error(
          "Exporter '{}' {} ({} consecutive failures): {}", qualifiedName, what, streak, shown);
      if (LOG.isDebugEnabled()) {
        LOG.debug("Exporter '{}' failed with", qualifiedName, shown);
      }
    } else if (!repeat) {
      LOG.error("Exporter '{}' {}", qualifiedName, SecretMasking.mask(what));
    } else if (quietRepeats) {
      LOG.debug("Exporter '{}' {} again ({} consecutive failures)", qualifiedName, SecretMasking.mask(what), streak);
    } else if (shown != null) {
      LOG.warn("Exporter '{}' {} again ({} consecutive failures): {}", qualifiedName, what, streak, shown);
      if (LOG.isDebugEnabled()) {
        LOG.debug("Exporter '{}' failed with", qualifiedName, shown);
      }
    } else {
      LOG.warn("Exporter '{}' {} again ({} consecutive failures)", qualifiedName, what, streak);
    }
  }

  /**
   * Logs the end of a streak.
   *
   * @param streakBefore failed runs before this success; nothing is logged for 0
   */
  synchronized void recovered(int streakBefore) {
    lastSignature = null;
    if (streakBefore > 0) {
      LOG.info("Exporter '{}' recovered after {} failed run(s)", qualifiedName, streakBefore);
    }
  }
}
