package dev.promonitor.core.internal.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the host's threads: named, daemon, so that none keeps the JVM alive. */
public final class Threads {

  private Threads() {}

  /**
   * A factory of daemon threads named {@code name} or {@code name-N}.
   *
   * @param name the thread name or name prefix
   * @param numbered whether to append {@code -1}, {@code -2}, ...
   * @return the factory
   */
  public static ThreadFactory daemonFactory(String name, boolean numbered) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, numbered ? name + "-" + counter.incrementAndGet() : name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
