package dev.promonitor.core;

/**
 * Exporter discovery failed: a provider could not be loaded, carries no valid type, or shares its
 * type with another. The message names the classes and jars concerned.
 */
public final class DiscoveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming classes and jars
   */
  public DiscoveryException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming classes and jars
   * @param cause the underlying failure
   */
  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
