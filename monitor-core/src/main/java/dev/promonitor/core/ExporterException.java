package dev.promonitor.core;

/**
 * An exporter could not be created, or a host could not start its exporters. The message names
 * the exporter instances concerned and what they threw.
 */
public final class ExporterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the exporters
   */
  public ExporterException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the exporters
   * @param cause the first underlying failure
   */
  public ExporterException(String message, Throwable cause) {
    super(message, cause);
  }
}
