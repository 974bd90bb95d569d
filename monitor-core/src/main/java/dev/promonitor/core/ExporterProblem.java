package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import dev.promonitor.core.internal.SecretMasking;
import org.jspecify.annotations.Nullable;

/**
 * One exporter instance that could not be created or started.
 *
 * <p>Its {@link #toString()} is the line a user reads, such as {@code exporter 'dir_size.home'
 * (com.example.DirSizeExporter from /opt/app.jar, monitor.yaml:12:5) could not be created:
 * java.lang.IllegalStateException: no such dir}.
 *
 * @param qualifiedName the instance's {@code type.name}, or {@code null} when the problem concerns
 *     no single instance (such as two types that register the same metric name)
 * @param phase when it happened
 * @param message the whole message, standing alone (it names the instance itself); secrets in it
 *     are masked on construction, as everywhere the framework shows text
 * @param cause what the exporter's code threw, {@code null} when it threw nothing
 */
public record ExporterProblem(
    @Nullable String qualifiedName, Phase phase, String message, @Nullable Throwable cause) {

  /** Checks the arguments. */
  public ExporterProblem {
    requireNonNull(phase, "phase must not be null");
    requireNonNull(message, "message must not be null");
    // A constructor's failure often quotes its config: a URL with a password, a token.
    message = SecretMasking.mask(message);
  }

  /** Returns the message. */
  @Override
  public String toString() {
    return message;
  }

  /** When an {@link ExporterProblem} happened. */
  public enum Phase {
    /** Creating the instance: its constructor, or binding its context. */
    CREATE,
    /** Starting the host: its metric names, its registry, its {@code init} calls. */
    START
  }
}
