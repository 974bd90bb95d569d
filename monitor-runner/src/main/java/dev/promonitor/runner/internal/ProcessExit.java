package dev.promonitor.runner.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.promonitor.core.internal.FatalErrors;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the runner's process ends, so that its exit status tells the truth:
 *
 * <ul>
 *   <li>SIGTERM or SIGINT, in any state: a clean stop, status 0. The running host is closed with
 *       its grace period; a watchdog halts the JVM with 0 when the stop overruns
 *       {@code shutdown_grace_seconds} + {@link #STOP_MARGIN}.
 *   <li>{@code System.exit(n)} from anywhere (an exporter included): the host is closed within the
 *       same bound and the process ends with {@code n}; the shutdown hook never changes the status.
 *   <li>An {@link OutOfMemoryError} (see {@link FatalErrors}): logged, and the JVM halts with
 *       {@link #EXIT_OUT_OF_MEMORY}, the status of the JVM's own {@code
 *       -XX:+ExitOnOutOfMemoryError}; {@code /-/healthy} answers 503 until then. This holds
 *       whatever else ends the process meanwhile: a start that fails for want of memory, or the
 *       error escaping {@code main}, ends with the same status.
 *   <li>An interrupt of the main thread is not a stop: it is logged and ignored.
 * </ul>
 */
public final class ProcessExit {

  /** The exit status after an out-of-memory error, the same as -XX:+ExitOnOutOfMemoryError's. */
  public static final int EXIT_OUT_OF_MEMORY = 3;

  /**
   * What a stop may take beyond the grace period (for closing, the HTTP server and logging)
   * before the watchdog halts the JVM; below the documented bound of grace + 2 s.
   */
  static final Duration STOP_MARGIN = Duration.ofMillis(1800);

  /** How long a shutdown after out of memory waits for its log line before it halts anyway. */
  private static final Duration FATAL_EXIT_WAIT = Duration.ofSeconds(5);


  /** What the stop closes: the host once it exists. */
  public interface Closeable {
    /** Closes, giving running work the grace period. */
    void close();
  }

  private final AtomicReference<@Nullable Closeable> running = new AtomicReference<>();
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch fatal = new CountDownLatch(1);
  private final boolean ownsProcess;
  private final AtomicBoolean exitingFatally = new AtomicBoolean();
  private volatile Duration grace;

  /**
   * Memory given back after an out-of-memory error, so that logging it can work; none when the
   * JVM itself exits when the heap is exhausted ({@code -XX:+ExitOnOutOfMemoryError}, the
   * launcher's default): the errors left for this class to log (direct buffers, native threads)
   * leave the heap with room.
   */
  private volatile byte @Nullable [] reserve;

  private ProcessExit(boolean ownsProcess, Duration grace) {
    this.ownsProcess = ownsProcess;
    this.grace = grace;
    this.reserve = jvmExitsOnOutOfMemory() ? null : new byte[1 << 20];
  }

  /** Whether the JVM ends the process at the first out-of-memory error, before any handler. */
  private static boolean jvmExitsOnOutOfMemory() {
    try {
      HotSpotDiagnosticMXBean diagnostics =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return diagnostics != null
          && Boolean.parseBoolean(diagnostics.getVMOption("ExitOnOutOfMemoryError").getValue());
    } catch (RuntimeException | LinkageError e) {
      // Not HotSpot, or no such option: keep the reserve.
      return false;
    }
  }

  /**
   * Takes over the process's end: SIGTERM and SIGINT handlers, the shutdown hook, the reaction to
   * out of memory and to uncaught errors. Called once, first thing in {@code main}.
   *
   * @param grace the grace period until the config says otherwise
   * @return the process's exit
   */
  public static ProcessExit install(Duration grace) {
    ProcessExit exit = new ProcessExit(true, grace);
    exit.installHandlers();
    return exit;
  }

  /**
   * For a runner inside another program (tests, {@code Main.execute}): a shutdown hook closes the
   * host, and nothing else of the process is touched.
   *
   * @param grace the grace period until the config says otherwise
   * @return an exit that does not own the process
   */
  public static ProcessExit inProcess(Duration grace) {
    ProcessExit exit = new ProcessExit(false, grace);
    Runtime.getRuntime().addShutdownHook(new Thread(exit::onShutdown, "promonitor-shutdown"));
    return exit;
  }

  private void installHandlers() {
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        if (!Signals.handle(signal, () -> onStopSignal("SIG" + signal)) && signal.equals("TERM")) {
          // An ignored SIGINT is the rule for a background job; an ignored SIGTERM is a surprise.
          log().warn(
              "SIGTERM is ignored by this process, as it was when the process started:"
                  + " stop it with SIGINT or SIGKILL");
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // The JVM's own handler stays: the shutdown hook still closes the host, with status 143.
        log().warn("SIG{} cannot be handled on this JVM ({}); it stops with the JVM's status", signal, e);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "promonitor-shutdown"));
    // No thread of its own: the main thread, which waits in awaitEnd() while serving, logs and
    // halts (after an out-of-memory error a new thread may not be made); on the other paths main
    // ends, and the shutdown hook does it.
    FatalErrors.addListener(error -> fatal.countDown());
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          FatalErrors.report(failure);
          if (previous != null) {
            previous.uncaughtException(thread, failure);
          } else {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            failure.printStackTrace(System.err);
          }
        });
  }

  /**
   * Sets the grace period, once the config is read.
   *
   * @param grace {@code app.shutdown_grace_seconds}
   */
  public void grace(Duration grace) {
    this.grace = grace;
  }

  /**
   * Registers what a stop or an exit closes.
   *
   * @param host the host, or {@code null} when it is closed by its owner
   */
  public void running(@Nullable Closeable host) {
    running.set(host);
  }

  /**
   * Whether SIGTERM or SIGINT was received.
   *
   * @return {@code true} once a stop was asked for
   */
  public boolean stopRequested() {
    return stopRequested.get();
  }

  /**
   * Blocks the calling thread (main) until the process ends through a signal or an exit, or until
   * an out-of-memory error, which this thread then logs before it halts with {@link
   * #EXIT_OUT_OF_MEMORY}. An interrupt is not a stop.
   */
  public void awaitEnd() {
    boolean warned = false;
    while (true) {
      try {
        fatal.await();
        exitFatally();
      } catch (InterruptedException e) {
        if (!warned) {
          log().warn(
              "The main thread was interrupted; that is not a stop (send SIGTERM to stop)");
          warned = true;
        }
      }
    }
  }

  private void onStopSignal(String signal) {
    if (!stopRequested.compareAndSet(false, true)) {
      log().info("{} again: stopping at once", signal);
      Runtime.getRuntime().halt(0);
      return;
    }
    log().info("{}: stopping", signal);
    long bound = grace.plus(STOP_MARGIN).toMillis();
    Thread watchdog =
        new Thread(
            () -> {
              sleepQuietly(bound);
              System.err.println(
                  "promonitor: the stop took longer than shutdown_grace_seconds + "
                      + STOP_MARGIN.toMillis() + " ms; halting");
              System.err.flush();
              Runtime.getRuntime().halt(0);
            },
            "promonitor-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(0);
  }

  /** The shutdown hook: closes what runs within the grace period, never touching the status. */
  private void onShutdown() {
    Closeable host = running.getAndSet(null);
    if (host != null) {
      Thread closing =
          new Thread(
              () -> {
                try {
                  host.close();
                } catch (RuntimeException e) {
                  log().warn("Stopping failed: {}", e.toString());
                }
              },
              "promonitor-stop");
      closing.setDaemon(true);
      closing.start();
      try {
        closing.join(grace.plus(STOP_MARGIN).minusMillis(200).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closing.isAlive()) {
        log().warn(
            "The exporters did not close within shutdown_grace_seconds; exiting without them");
      }
    }
    if (ownsProcess) {
      if (!FatalErrors.healthy()) {
        // The exit that started this shutdown (main ending with the error, or returning 1 for a
        // start that failed for want of memory) must not decide the status: out of memory is 3.
        exitFatally();
      }
      Log4jLogging.shutdown();
    }
  }

  /**
   * Logs the out-of-memory error and halts with {@link #EXIT_OUT_OF_MEMORY}: on the main thread
   * while serving, else in the shutdown hook. A second caller waits for the first one's line.
   */
  private void exitFatally() {
    if (!exitingFatally.compareAndSet(false, true)) {
      sleepQuietly(FATAL_EXIT_WAIT.toMillis());
      Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
    }
    // Room for the lines below, while whatever filled the heap may still hold it.
    reserve = null;
    try {
      log().error(
          "Out of memory: exiting with status {} so that the service manager restarts promonitor",
          EXIT_OUT_OF_MEMORY,
          FatalErrors.first());
      Log4jLogging.shutdown();
    } catch (Throwable ignored) {
      // Logging needs memory too; the status says it all.
    }
    try {
      System.err.println("promonitor: out of memory; exiting with status " + EXIT_OUT_OF_MEMORY);
      System.err.flush();
    } catch (Throwable ignored) {
      // as above
    }
    Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
  }

  private static void sleepQuietly(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        // the watchdog keeps its deadline
      }
    }
  }

  /**
   * The runner's logger, looked up when something is logged: installing the exit, first thing in
   * {@code main}, must not start Log4j, which starts meanwhile on its own thread.
   */
  private static Logger log() {
    return LoggerFactory.getLogger("dev.promonitor.runner");
  }
}
