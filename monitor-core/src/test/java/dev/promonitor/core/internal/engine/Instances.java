package dev.promonitor.core.internal.engine;

import dev.promonitor.core.testing.Script;
import dev.promonitor.core.testing.ScriptedAsyncExporter;
import dev.promonitor.core.testing.ScriptedExporter;
import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import dev.promonitor.core.config.ExporterSchedule;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Creates exporter instances the way the host does, for engine tests. */
final class Instances {

  static final IdleSignal IDLE = new IdleSignal();

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

  static ExporterInstance blocking(String name, Script script, Duration period, TaskTimer timer) {
    return blocking(name, script, ExporterSchedule.every(period), timer);
  }

  static ExporterInstance blocking(
      String name, Script script, ExporterSchedule schedule, TaskTimer timer) {
    return blocking(name, script, schedule, timer, new MetricNameGuard(Set.of()));
  }

  static ExporterInstance blocking(
      String name, Script script, ExporterSchedule schedule, TaskTimer timer, MetricNameGuard names) {
    return new ExporterInstance(
        exporter(ScriptedExporter.class, name, script),
        schedule,
        timer,
        names,
        new RunWatchdog(timer),
        IDLE);
  }

  static ExporterInstance async(String name, Script script, Duration period, TaskTimer timer) {
    return async(name, script, ExporterSchedule.every(period), timer);
  }

  static ExporterInstance async(
      String name, Script script, ExporterSchedule schedule, TaskTimer timer) {
    return async(name, script, schedule, timer, new MetricNameGuard(Set.of()));
  }

  static ExporterInstance async(
      String name, Script script, ExporterSchedule schedule, TaskTimer timer, MetricNameGuard names) {
    return new ExporterInstance(
        exporter(ScriptedAsyncExporter.class, name, script),
        schedule,
        timer,
        names,
        new RunWatchdog(timer),
        IDLE);
  }
}
