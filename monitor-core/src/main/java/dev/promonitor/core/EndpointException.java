package dev.promonitor.core;

/** The HTTP endpoint could not start, such as when its port is in use. */
public final class EndpointException extends PromonitorException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the address
   * @param cause the underlying failure
   */
  public EndpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
