package dev.promonitor.core.internal.engine;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/** Creates exporter instances the way the host does, for engine tests. */
final class Instances {

  static final Object IDLE = new Object();

  private Instances() {}

  static <E extends BaseExporter<?>> E exporter(Class<E> type, String name, Object config) {
    String typeName = type.getAnnotation(dev.promonitor.api.ExporterType.class).value();
    String qualified = typeName + "." + name;
    try {
      return ExporterInstantiation.instantiate(
          type,
          new ExporterContext(
              type,
              typeName,
              name,
              qualified,
              config,
              LoggerFactory.getLogger("exporters." + qualified),
              new CollectorRegistry(true)));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static ExporterInstance blocking(String name, Script script, Duration period, LongSupplier clock) {
    return new ExporterInstance(
        exporter(ScriptedExporter.class, name, script), period.toNanos(), clock, IDLE);
  }

  static ExporterInstance async(String name, Script script, Duration period, LongSupplier clock) {
    return new ExporterInstance(
        exporter(ScriptedAsyncExporter.class, name, script), period.toNanos(), clock, IDLE);
  }
}
