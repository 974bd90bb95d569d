package dev.promonitor.core;

import java.util.List;

/**
 * An exporter could not be created, or a host could not start its exporters. Carries one problem
 * per exporter instance concerned; the message names them and what they threw.
 */
public final class ExporterException extends PromonitorException {

  private static final long serialVersionUID = 1L;

  private final transient List<ExporterProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   */
  public ExporterException(List<ExporterProblem> problems) {
    super(format(problems), firstCause(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Creates the exception for a start-up failure that concerns no single instance.
   *
   * @param message what went wrong, naming the exporters
   */
  public ExporterException(String message) {
    this(List.of(new ExporterProblem(null, ExporterProblem.Phase.START, message, null)));
  }

  /**
   * Creates the exception for a start-up failure that concerns no single instance.
   *
   * @param message what went wrong, naming the exporters
   * @param cause the underlying failure
   */
  public ExporterException(String message, Throwable cause) {
    this(List.of(new ExporterProblem(null, ExporterProblem.Phase.START, message, cause)));
  }

  /**
   * The problems, one per instance concerned, in config order.
   *
   * @return at least one problem
   */
  public List<ExporterProblem> problems() {
    return problems;
  }

  private static String format(List<ExporterProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    StringBuilder message = new StringBuilder();
    for (ExporterProblem problem : problems) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(problem.message());
    }
    return message.toString();
  }

  private static @org.jspecify.annotations.Nullable Throwable firstCause(
      List<ExporterProblem> problems) {
    return problems.stream()
        .map(ExporterProblem::cause)
        .filter(cause -> cause != null)
        .findFirst()
        .orElse(null);
  }
}
