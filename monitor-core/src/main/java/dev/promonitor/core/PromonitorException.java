package dev.promonitor.core;

/**
 * The base of every error that promonitor itself reports: a config that cannot be used
 * ({@link dev.promonitor.core.config.ConfigException}), exporters that cannot be discovered
 * ({@link DiscoveryException}) or created and started ({@link ExporterException}), and an endpoint
 * that cannot serve ({@link EndpointException}).
 *
 * <p>Each message stands alone and names what it is about (file and line, class and jar, exporter
 * instance or address); the subtypes carry the same facts as structured problems, so that code
 * decides on types and fields rather than on message text. A failure thrown by an exporter's own
 * code reaches callers as the cause of an {@link ExporterException}, never as this type.
 */
public abstract class PromonitorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, standing alone
   */
  protected PromonitorException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong, standing alone
   * @param cause the underlying failure, or {@code null}
   */
  protected PromonitorException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
  }
}
