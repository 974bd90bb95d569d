package dev.promonitor.core.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Copies of failures for the log, with every message masked by {@link SecretMasking#mask}, that
 * read as the originals in any logging backend. Backends print a throwable's
 * {@code getClass().getName()} (Log4j's {@code %ex} and {@code %xEx}, Logback's converters), so a
 * copy of a class of its own would put a framework class in every stack trace: a failure with
 * nothing to mask is logged as itself, and a copy is of the original's class when that is a JDK
 * class, else of its nearest JDK superclass with the original's class name in front of the
 * message ({@code java.lang.RuntimeException: com.example.ApiException: ...}).
 */
final class MaskedFailures {

  /** The most causes and suppressed failures followed from one failure. */
  static final int MAX_DEPTH = 16;

  private MaskedFailures() {}

  /** The failure itself when masking changes none of its texts, else a masked copy. */
  static Throwable masked(Throwable failure) {
    if (!needsMasking(failure, Collections.newSetFromMap(new IdentityHashMap<>()), 0)) {
      return failure;
    }
    return copy(failure, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
  }

  private static boolean needsMasking(Throwable failure, Set<Throwable> seen, int depth) {
    if (depth > MAX_DEPTH || !seen.add(failure)) {
      return false;
    }
    String text = text(failure);
    // A failure whose texts cannot be read would break the backend that reads them: copied too.
    if (text == null || !SecretMasking.mask(text).equals(text)) {
      return true;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (needsMasking(suppressed, seen, depth + 1)) {
        return true;
      }
    }
    Throwable cause = failure.getCause();
    return cause != null && needsMasking(cause, seen, depth + 1);
  }

  /**
   * What a backend may print of one throwable, or null when its own methods (user code) throw.
   */
  private static @Nullable String text(Throwable failure) {
    try {
      return failure + "\n" + failure.getMessage() + "\n" + failure.getLocalizedMessage();
    } catch (RuntimeException broken) {
      return null;
    }
  }

  private static String describe(Throwable failure) {
    try {
      return failure.toString();
    } catch (RuntimeException broken) {
      return unreadable(failure, broken);
    }
  }

  private static String unreadable(Throwable failure, RuntimeException broken) {
    return failure.getClass().getName() + ": (its message cannot be read: " + broken.getClass().getName() + ")";
  }

  private static Throwable copy(Throwable failure, Set<Throwable> seen, int depth) {
    seen.add(failure);
    Throwable copy = sameClass(failure);
    if (copy == null) {
      copy = nearestJdkClass(failure);
    }
    copy.setStackTrace(failure.getStackTrace());
    Throwable cause = failure.getCause();
    if (cause != null && depth < MAX_DEPTH && !seen.contains(cause)) {
      copy.initCause(copy(cause, seen, depth + 1));
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (depth < MAX_DEPTH && !seen.contains(suppressed)) {
        copy.addSuppressed(copy(suppressed, seen, depth + 1));
      }
    }
    return copy;
  }

  /** A copy of a JDK class through its public {@code (String)} constructor, with no cause yet. */
  private static @Nullable Throwable sameClass(Throwable failure) {
    Class<? extends Throwable> type = failure.getClass();
    if (!isJdkClass(type)) {
      return null;
    }
    String message;
    try {
      message = failure.getMessage();
    } catch (RuntimeException broken) {
      return null;
    }
    Throwable copy = construct(type, message == null ? null : SecretMasking.mask(message));
    // A constructor that set a cause of its own, or made another class: not a faithful copy.
    return copy != null && copy.getClass() == type && copy.getCause() == null ? copy : null;
  }

  /** A copy of the nearest JDK superclass, its message the original's masked {@code toString()}. */
  private static Throwable nearestJdkClass(Throwable failure) {
    String message = SecretMasking.mask(describe(failure));
    for (Class<?> type = failure.getClass().getSuperclass();
        type != null && Throwable.class.isAssignableFrom(type);
        type = type.getSuperclass()) {
      @SuppressWarnings("unchecked")
      Class<? extends Throwable> throwable = (Class<? extends Throwable>) type;
      if (isJdkClass(throwable)) {
        Throwable copy = construct(throwable, message);
        if (copy != null && copy.getClass() == throwable && copy.getCause() == null) {
          return copy;
        }
      }
    }
    return new Throwable(message);
  }

  private static boolean isJdkClass(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return (loader == null || loader == ClassLoader.getPlatformClassLoader())
        && Modifier.isPublic(type.getModifiers())
        && type.getModule().isExported(type.getPackageName());
  }

  private static @Nullable Throwable construct(
      Class<? extends Throwable> type, @Nullable String message) {
    try {
      Constructor<? extends Throwable> constructor = type.getConstructor(String.class);
      return constructor.newInstance(message);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notThisWay) {
      return null;
    }
  }
}
