package dev.promonitor.api.internal;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Creates exporter instances with their settings injected before any subclass code runs. Not API:
 * used by {@code monitor-core} and {@code monitor-testing} only.
 *
 * <p>The settings travel to {@link BaseExporter}'s constructor through a thread-local that is set
 * only for the duration of one constructor call, so that field initializers and constructors of
 * exporters can already use {@code config()}, {@code logger()} and {@code registry()}.
 */
public final class ExporterInstantiation {

  private static final ThreadLocal<ExporterContext> PENDING = new ThreadLocal<>();

  private ExporterInstantiation() {}

  /**
   * Calls the public no-arg constructor of {@code context.exporterClass()} with {@code context}
   * injected.
   *
   * @param <E> the exporter type
   * @param exporterClass the class to instantiate; must equal {@code context.exporterClass()}
   * @param context the settings of the new instance
   * @return the new instance
   * @throws NoSuchMethodException when the class has no public no-arg constructor
   * @throws InvocationTargetException wrapping what the constructor threw
   * @throws ReflectiveOperationException when the class is abstract or not accessible
   */
  public static <E extends BaseExporter<?>> E instantiate(
      Class<E> exporterClass, ExporterContext context) throws ReflectiveOperationException {
    requireNonNull(exporterClass, "exporterClass must not be null");
    requireNonNull(context, "context must not be null");
    if (context.exporterClass() != exporterClass) {
      throw new IllegalArgumentException(
          "context is for " + context.exporterClass().getName() + ", not " + exporterClass.getName());
    }
    Constructor<E> constructor = exporterClass.getConstructor();
    PENDING.set(context);
    try {
      return constructor.newInstance();
    } finally {
      PENDING.remove();
    }
  }

  /**
   * Takes the settings prepared for an instance of {@code exporterClass}; called once by
   * {@link BaseExporter}'s constructor.
   *
   * @param exporterClass the runtime class of the exporter under construction
   * @return the settings
   * @throws IllegalStateException when no settings were prepared for that class
   */
  public static ExporterContext takePending(Class<?> exporterClass) {
    ExporterContext context = PENDING.get();
    PENDING.remove();
    if (context == null || context.exporterClass() != exporterClass) {
      throw new IllegalStateException(
          exporterClass.getName()
              + " was constructed outside promonitor: exporters are created by the framework"
              + " (ExporterHost), which injects their type, name,"
              + " config, logger and registry");
    }
    return context;
  }
}
