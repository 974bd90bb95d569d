package dev.promonitor.runner.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGHUP into a config reload, as Prometheus's own daemons do, instead of the JVM's default
 * of shutting down.
 *
 * <p>The JDK's only way to handle a signal is {@code sun.misc.Signal} (module jdk.unsupported,
 * present in every JDK since 9). It is reached by reflection because javac warns on every use of
 * it, and -Xlint warnings cannot be suppressed for it.
 */
public final class HangupSignal {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.runner");

  private HangupSignal() {}

  /**
   * Calls {@code onHangup} on each SIGHUP, on a thread of its own so that the JVM's signal thread
   * is never held up.
   *
   * @param onHangup what to do, such as reloading the config
   * @return {@code false} when this JVM cannot handle SIGHUP (then the signal keeps stopping it)
   */
  public static boolean install(Runnable onHangup) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      InvocationHandler dispatch =
          (Object proxy, Method method, Object[] arguments) -> {
            switch (method.getName()) {
              case "handle" -> {
                Thread reload = new Thread(onHangup, "promonitor-reload");
                reload.setDaemon(true);
                reload.start();
                return null;
              }
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == arguments[0];
              }
              default -> {
                return "SIGHUP handler of promonitor";
              }
            }
          };
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, dispatch);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.warn("SIGHUP cannot reload the config on this JVM ({}); it stops promonitor instead", e.toString());
      return false;
    }
  }
}
