package dev.promonitor.core.config;

import java.util.List;

/**
 * A web config file cannot be used, while the config file that names it is fine: carries every
 * problem of the web config file.
 */
public final class WebConfigException extends ConfigException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problems every problem found in the web config file, at least one
   */
  public WebConfigException(List<ConfigProblem> problems) {
    super(problems);
  }
}
