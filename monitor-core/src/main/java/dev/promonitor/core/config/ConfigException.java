package dev.promonitor.core.config;

import dev.promonitor.core.PromonitorException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file, or settings built in code, cannot be used; carries every problem found, not just
 * the first. A {@link WebConfigException} when only the web config file that a valid config names
 * is at fault.
 */
public sealed class ConfigException extends PromonitorException permits WebConfigException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, in the order they stand in the file.
   *
   * @return at least one problem
   */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size()
        + " problems in the config:"
        + problems.stream().map(problem -> "\n  " + problem).collect(Collectors.joining());
  }
}
