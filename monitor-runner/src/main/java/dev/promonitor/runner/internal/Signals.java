package dev.promonitor.runner.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handles a POSIX signal in place of the JVM's default.
 *
 * <p>The JDK's only way to handle a signal is {@code sun.misc.Signal} (module jdk.unsupported,
 * present in every JDK since 9). It is reached by reflection because javac warns on every use of
 * it, and -Xlint warnings cannot be suppressed for it. The JDK calls a handler on a new thread of
 * its own for each signal, so a handler may block without holding up later signals.
 */
final class Signals {

  private Signals() {}

  /**
   * Calls {@code handler} on each delivery of the signal.
   *
   * <p>A process that was started with the signal ignored (as {@code nohup} does for SIGHUP, and a
   * non-interactive shell for the SIGINT of a background job) keeps ignoring it: the JVM installs
   * no handler then, and nothing in Java can undo it. The JDK says so only by answering that the
   * handler before was {@code SIG_IGN}; this method answers {@code false} then.
   *
   * @param name the signal without its {@code SIG} prefix: {@code HUP}, {@code TERM}, {@code INT}
   * @param handler what to do
   * @return {@code true} when {@code handler} now handles the signal, {@code false} when this
   *     process ignores it since its start
   * @throws ReflectiveOperationException when this JVM cannot handle the signal
   */
  static boolean handle(String name, Runnable handler) throws ReflectiveOperationException {
    Class<?> signalClass = Class.forName("sun.misc.Signal");
    Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
    Object signal = signalClass.getConstructor(String.class).newInstance(name);
    InvocationHandler dispatch =
        (Object proxy, Method method, Object[] arguments) -> {
          switch (method.getName()) {
            case "handle" -> {
              handler.run();
              return null;
            }
            case "hashCode" -> {
              return System.identityHashCode(proxy);
            }
            case "equals" -> {
              return proxy == arguments[0];
            }
            default -> {
              return "SIG" + name + " handler of promonitor";
            }
          }
        };
    Object proxy =
        Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, dispatch);
    Object before;
    try {
      before = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, proxy);
    } catch (java.lang.reflect.InvocationTargetException e) {
      // IllegalArgumentException: the signal is unknown here, or the JVM uses it (-Xrs).
      throw new ReflectiveOperationException(String.valueOf(e.getCause()), e.getCause());
    }
    return before != handlerClass.getField("SIG_IGN").get(null);
  }
}
