package dev.promonitor.runner.internal;

import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.config.ConfigLoader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The runner's start-up work that needs no argument, done on a thread of its own while the main
 * thread parses the command line (a machine with two cores does both at once): the process's exit
 * ({@link ProcessExit#install}: signal handlers first, so that a stop at any later moment is
 * clean), Log4j's start ({@link Log4jLogging#start}), which the main thread awaits before
 * anything can log, then a warm-up of the config reader.
 */
public final class StartUp {

  /** The longest the main thread waits for each step before going on without it. */
  static final long STEP_BOUND_SECONDS = 30;

  /** A config with an app section and no exporter, as a small config file has. */
  private static final String WARM_UP_CONFIG =
      """
      app:
        execution_mode: async
        export_interval_seconds: 5
        prometheus_host: 127.0.0.1
        prometheus_port: 0
      exporters: []
      """;

  private final CountDownLatch logging = new CountDownLatch(1);
  private final CountDownLatch installed = new CountDownLatch(1);
  private final Duration grace;
  private @Nullable ProcessExit processExit;

  private StartUp(Duration grace) {
    this.grace = grace;
  }

  /**
   * Starts the work, first thing in {@code main}.
   *
   * @param grace the grace period of a stop until the config says otherwise
   * @return the start-up, to await
   */
  public static StartUp begin(Duration grace) {
    StartUp startUp = new StartUp(grace);
    Thread thread = new Thread(startUp::run, "promonitor-start");
    thread.setDaemon(true);
    thread.start();
    return startUp;
  }

  private void run() {
    // The exit's first logger or Log4jLogging.start makes Log4j's first configuration, which reads
    // the plugin index: the runner's own, through the context class loader (Log4jPluginIndex).
    @Nullable Log4jPluginIndex plugins;
    try {
      plugins = Log4jPluginIndex.over(StartUp.class.getClassLoader());
    } catch (IOException | RuntimeException | LinkageError notMade) {
      plugins = null;
    }
    if (plugins == null) {
      // Log4j reads every plugin index there is: only memory is lost.
      installExitAndStartLogging();
    } else {
      plugins.whileStarting(this::installExitAndStartLogging);
    }
    warmConfigReading();
  }

  private void installExitAndStartLogging() {
    try {
      synchronized (this) {
        if (processExit == null) {
          processExit = ProcessExit.install(grace);
        }
      }
    } catch (RuntimeException | LinkageError failed) {
      // processExit() installs it on the main thread.
    } finally {
      installed.countDown();
    }
    try {
      Log4jLogging.start();
    } catch (RuntimeException | LinkageError failed) {
      // Log4j then starts on the first line logged, through Log4jConfigurationFactory.
      System.err.println("promonitor: logging did not start on its own thread: " + failed);
    } finally {
      logging.countDown();
    }
  }

  /**
   * Reads a small config, so that reading the config file finds Jackson, snakeyaml and the
   * binder ready (their classes initialized, a parser made): it overlaps the exporters' discovery.
   */
  private static void warmConfigReading() {
    try {
      ConfigLoader.create(ExporterCatalog.of()).parse(WARM_UP_CONFIG, "start-up.yml");
    } catch (RuntimeException | LinkageError notWarmed) {
      // Only time is lost: the config file's reading does the same work.
    }
  }

  /**
   * The process's exit, installed first on the start-up's thread (signal handlers, shutdown hook,
   * the reaction to out of memory); installed here when that failed or did not happen in time.
   *
   * @return the exit
   */
  public ProcessExit processExit() {
    await(installed);
    synchronized (this) {
      if (processExit == null) {
        processExit = ProcessExit.install(grace);
      }
      return processExit;
    }
  }

  /**
   * Waits until Log4j has started; an interrupt does not end the wait, which is bounded by
   * {@link #STEP_BOUND_SECONDS}.
   */
  public void awaitLogging() {
    await(logging);
  }

  private static void await(CountDownLatch latch) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_BOUND_SECONDS);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          if (latch.await(left, TimeUnit.NANOSECONDS) || left <= 0) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
