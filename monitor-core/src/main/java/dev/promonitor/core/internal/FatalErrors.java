package dev.promonitor.core.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The health of the JVM as the framework sees it: after an {@link OutOfMemoryError} (or another
 * {@link VirtualMachineError} that is not an exporter's own {@link StackOverflowError}) anywhere,
 * the process cannot be trusted to serve anything. {@code /-/healthy} then stops answering 200, and
 * whoever owns the process (the runner) is told, so that it exits and its supervisor restarts it.
 *
 * <p>Process-wide on purpose: the heap is shared by every host and thread of the JVM, and the
 * failure may surface on a thread that belongs to no host (an HTTP thread, an exporter's own pool).
 */
public final class FatalErrors {

  private static final int MAX_CAUSES = 16;

  private static final AtomicReference<@Nullable Throwable> FIRST = new AtomicReference<>();
  /** Replaced, never changed, so that telling the listeners allocates nothing. */
  @SuppressWarnings("unchecked")
  private static volatile Consumer<Throwable>[] listeners = new Consumer[0];

  private FatalErrors() {}

  /**
   * Whether {@code failure}, or one of its causes, is an error the JVM cannot recover from.
   *
   * @param failure what was thrown
   * @return {@code true} for out of memory, an internal or unknown JVM error
   */
  public static boolean isFatal(@Nullable Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      if (current instanceof VirtualMachineError && !(current instanceof StackOverflowError)) {
        return true;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return false;
  }

  /**
   * Records {@code failure} when it is fatal; the first fatal one tells every listener, once.
   * Allocates nothing (the heap may be full), and never throws.
   *
   * @param failure what was caught, of any kind
   */
  public static void report(@Nullable Throwable failure) {
    if (failure == null || !isFatal(failure) || !FIRST.compareAndSet(null, failure)) {
      return;
    }
    Consumer<Throwable>[] current = listeners;
    for (int i = 0; i < current.length; i++) {
      try {
        current[i].accept(failure);
      } catch (Throwable ignored) {
        // A listener that fails must not keep the others from hearing it.
      }
    }
  }

  /**
   * Whether no fatal error has been reported.
   *
   * @return {@code true} while the JVM is healthy
   */
  public static boolean healthy() {
    return FIRST.get() == null;
  }

  /**
   * The first fatal error reported.
   *
   * @return the error, or {@code null} while healthy
   */
  public static @Nullable Throwable first() {
    return FIRST.get();
  }

  /**
   * Tells {@code listener} of the first fatal error; at once when one was reported already.
   *
   * @param listener what to do, such as exiting; called on the thread that saw the error
   */
  public static synchronized void addListener(Consumer<Throwable> listener) {
    Consumer<Throwable>[] more = Arrays.copyOf(listeners, listeners.length + 1);
    more[more.length - 1] = listener;
    listeners = more;
    Throwable first = FIRST.get();
    if (first != null) {
      listener.accept(first);
    }
  }
}
