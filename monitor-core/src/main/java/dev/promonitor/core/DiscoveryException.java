package dev.promonitor.core;

import java.util.List;

/**
 * Exporter discovery failed: a provider could not be loaded, carries no valid type, or shares its
 * type with another. Carries every problem found; the message names the classes and jars
 * concerned.
 */
public final class DiscoveryException extends PromonitorException {

  private static final long serialVersionUID = 1L;

  private final transient List<DiscoveryProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   */
  public DiscoveryException(List<DiscoveryProblem> problems) {
    this(problems, null);
  }

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   * @param cause the underlying failure of the first problem, or {@code null}
   */
  public DiscoveryException(
      List<DiscoveryProblem> problems, @org.jspecify.annotations.Nullable Throwable cause) {
    super(format(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /**
   * Creates the exception for one problem.
   *
   * @param problem the problem
   * @param cause the underlying failure, or {@code null}
   */
  public DiscoveryException(
      DiscoveryProblem problem, @org.jspecify.annotations.Nullable Throwable cause) {
    this(List.of(problem), cause);
  }

  /**
   * The problems, in the order they were found.
   *
   * @return at least one problem
   */
  public List<DiscoveryProblem> problems() {
    return problems;
  }

  private static String format(List<DiscoveryProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return problems.get(0).message();
    }
    StringBuilder message = new StringBuilder(problems.size() + " problems discovering exporters:");
    for (DiscoveryProblem problem : problems) {
      message.append(System.lineSeparator()).append("- ").append(problem.message());
    }
    return message.toString();
  }
}
