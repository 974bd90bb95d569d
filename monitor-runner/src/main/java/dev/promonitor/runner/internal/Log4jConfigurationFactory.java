package dev.promonitor.runner.internal;

import dev.promonitor.core.config.LoggingSettings;
import java.net.URI;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.jspecify.annotations.Nullable;

/**
 * Log4j's first configuration in the runner when something logs before {@link Log4jLogging#start}
 * (or outside the runner's {@code main}, as in tests), named by {@code log4j2.component.properties}:
 * the defaults of {@link Log4jLogging}, made in code, so that Log4j looks for no configuration
 * file and parses no XML before the config file's {@code logging} section replaces them.
 */
public final class Log4jConfigurationFactory extends ConfigurationFactory {

  /** Created by Log4j. */
  public Log4jConfigurationFactory() {
    super();
  }

  @Override
  protected String[] getSupportedTypes() {
    return new String[] {"*"};
  }

  @Override
  public Configuration getConfiguration(LoggerContext loggerContext, ConfigurationSource source) {
    return defaults();
  }

  @Override
  public Configuration getConfiguration(
      LoggerContext loggerContext, @Nullable String name, @Nullable URI configLocation) {
    return defaults();
  }

  private static Configuration defaults() {
    Configuration defaults = Log4jLogging.configuration(LoggingSettings.defaults(), false);
    Log4jLogging.started(defaults);
    return defaults;
  }
}
