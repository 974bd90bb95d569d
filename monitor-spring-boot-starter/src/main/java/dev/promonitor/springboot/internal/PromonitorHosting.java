package dev.promonitor.springboot.internal;

import dev.promonitor.clientjava.ClientJavaHost;
import dev.promonitor.core.ExporterHost;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the host with the application context and stops it with it. It starts before the web
 * server and stops after it (a lower phase), so that the server never serves a half-started host
 * and requests in flight at shutdown finish before the exporters close. The stop runs on a thread
 * of its own, bounded by the host's grace period, within Spring's timeout per shutdown phase.
 */
public final class PromonitorHosting implements SmartLifecycle, AutoCloseable {

  /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.springboot");

  private final ExporterHost host;
  private final @Nullable ClientJavaHost joined;
  private volatile boolean running;

  private PromonitorHosting(ExporterHost host, @Nullable ClientJavaHost joined) {
    this.host = host;
    this.joined = joined;
  }

  /**
   * A host whose metrics join the application's client_java registry.
   *
   * @param joined the host, created
   * @return the hosting
   */
  public static PromonitorHosting joined(ClientJavaHost joined) {
    return new PromonitorHosting(joined.host(), joined);
  }

  /**
   * A host with a registry of its own: served only when it serves HTTP itself.
   *
   * @param host the host, built
   * @return the hosting
   */
  public static PromonitorHosting own(ExporterHost host) {
    return new PromonitorHosting(host, null);
  }

  /**
   * The host.
   *
   * @return the host
   */
  public ExporterHost host() {
    return host;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (joined != null) {
      joined.start();
    } else {
      host.start();
    }
    running = true;
  }

  @Override
  public void stop() {
    close();
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                close();
              } catch (RuntimeException e) {
                LOG.warn("promonitor's host did not stop cleanly", e);
              } finally {
                callback.run();
              }
            },
            "promonitor-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Closes the host (idempotent): on stop, and when the context fails before it started. */
  @Override
  public synchronized void close() {
    running = false;
    if (joined != null) {
      joined.close();
    } else {
      host.close();
    }
  }
}
