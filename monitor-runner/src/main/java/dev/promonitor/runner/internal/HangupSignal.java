package dev.promonitor.runner.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGHUP into a config reload, as Prometheus's own daemons do, instead of the JVM's default
 * of shutting down (through {@link Signals}).
 */
public final class HangupSignal {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.runner");

  private HangupSignal() {}

  /**
   * Calls {@code onHangup} on each SIGHUP, on a thread of its own so that the JVM's signal thread
   * is never held up.
   *
   * @param onHangup what to do, such as reloading the config
   * @return {@code false} when this JVM cannot handle SIGHUP (then the signal keeps stopping it) or
   *     when the process was started with SIGHUP ignored (then the signal does nothing); both are
   *     logged
   */
  public static boolean install(Runnable onHangup) {
    try {
      boolean handled =
          Signals.handle(
              "HUP",
              () -> {
                Thread reload = new Thread(onHangup, "promonitor-reload");
                reload.setDaemon(true);
                reload.start();
              });
      if (!handled) {
        LOG.warn(
            "SIGHUP is ignored by this process, as it was when the process started (nohup does that),"
                + " so SIGHUP cannot reload the config: start promonitor without nohup, or reload with"
                + " POST /-/reload (app.enable_reload_endpoint: true)");
      }
      return handled;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.warn("SIGHUP cannot reload the config on this JVM ({}); it stops promonitor instead", e.toString());
      return false;
    }
  }
}
