package dev.promonitor.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records what one logger (and its children) logs, at every level, as {@code LEVEL message}
 * lines, while the test runs: {@code try (LogLines log = LogLines.of("dev.promonitor.core.discovery"))}.
 */
public final class LogLines implements AutoCloseable {

  private final String loggerName;
  private final List<String> lines = new ArrayList<>();
  private final AbstractAppender appender;

  private LogLines(String loggerName) {
    this.loggerName = loggerName;
    this.appender =
        new AbstractAppender("log-lines-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line =
                new StringBuilder(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            for (Throwable thrown = event.getThrown(); thrown != null; thrown = thrown.getCause()) {
              line.append(" | ").append(thrown);
            }
            synchronized (lines) {
              lines.add(line.toString());
            }
          }
        };
  }

  /**
   * Starts recording.
   *
   * @param loggerName the logger to record, with its children
   * @return the recording; close it to stop
   */
  public static LogLines of(String loggerName) {
    LogLines log = new LogLines(loggerName);
    log.appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    configuration.addAppender(log.appender);
    LoggerConfig logger = new LoggerConfig(loggerName, Level.ALL, true);
    logger.addAppender(log.appender, null, null);
    configuration.addLogger(loggerName, logger);
    context.updateLoggers();
    return log;
  }

  /**
   * What was logged so far.
   *
   * @return the lines, as {@code LEVEL message}, followed by {@code | exception} for the logged
   *     exception and each of its causes
   */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * What was logged so far at one level.
   *
   * @param level {@code DEBUG}, {@code INFO}, ...
   * @return the lines at that level, as {@code LEVEL message}
   */
  public List<String> lines(String level) {
    return lines().stream().filter(line -> line.startsWith(level + " ")).toList();
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    configuration.removeLogger(loggerName);
    context.updateLoggers();
    appender.stop();
  }
}
