package dev.promonitor.core;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One problem found while discovering exporters.
 *
 * <p>Its {@link #toString()} is the line a user reads, such as {@code com.example.MyExporter
 * (/opt/exporters/my.jar) must be public}.
 *
 * @param kind what sort of problem it is
 * @param exporterClass the binary name of the class concerned, {@code null} when the problem is
 *     not about one class (an exporters dir, a jar, or two classes sharing a type: then the first)
 * @param source the jar or classes directory concerned, {@code null} when unknown
 * @param message the whole message, standing alone (it names the class and source itself)
 */
public record DiscoveryProblem(
    Kind kind, @Nullable String exporterClass, @Nullable String source, String message) {

  /** Checks the arguments. */
  public DiscoveryProblem {
    requireNonNull(kind, "kind must not be null");
    requireNonNull(message, "message must not be null");
  }

  /** Returns the message. */
  @Override
  public String toString() {
    return message;
  }

  /** What sort of problem a {@link DiscoveryProblem} is. */
  public enum Kind {
    /** A class or services file listed as an exporter provider cannot be loaded. */
    UNLOADABLE,
    /** A class loads but is not a usable exporter (not public, no type, no config class...). */
    INVALID_EXPORTER,
    /** Two classes provide the same exporter type. */
    DUPLICATE_TYPE,
    /** The exporters dir, or a jar in it, cannot be used. */
    EXPORTERS_DIR
  }
}
