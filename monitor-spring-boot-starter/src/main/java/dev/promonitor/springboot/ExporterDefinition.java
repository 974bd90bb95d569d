package dev.promonitor.springboot;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.BaseExporter;
import dev.promonitor.core.config.ExporterSchedule;
import org.jspecify.annotations.Nullable;

/**
 * An exporter instance declared in code, as a bean: the starter runs one instance per definition
 * beside the entries of {@code promonitor.config-file}, with the config validated as one from a
 * file would be.
 *
 * <pre>{@code
 * @Bean
 * ExporterDefinition<QueueDepthConfig> ordersQueue() {
 *   return ExporterDefinition.of(QueueDepthExporter.class, "orders", new QueueDepthConfig(List.of("orders"), null))
 *       .withSchedule(ExporterSchedule.every(Duration.ofSeconds(30)));
 * }
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param <C> the exporter's config class
 */
public final class ExporterDefinition<C> {

  private final Class<? extends BaseExporter<C>> exporterClass;
  private final String name;
  private final @Nullable C config;
  private final @Nullable ExporterSchedule schedule;

  private ExporterDefinition(
      Class<? extends BaseExporter<C>> exporterClass,
      String name,
      @Nullable C config,
      @Nullable ExporterSchedule schedule) {
    this.exporterClass = exporterClass;
    this.name = name;
    this.config = config;
    this.schedule = schedule;
  }

  /**
   * Defines an instance scheduled as the config file's {@code app} section says (or by the
   * defaults, without a file).
   *
   * @param <C> the config class
   * @param exporterClass the exporter class, carrying {@link dev.promonitor.api.ExporterType}
   * @param name the instance name, unique within its type
   * @param config its config; {@code null} only for an exporter of {@code Void}
   * @return the definition
   */
  public static <C> ExporterDefinition<C> of(
      Class<? extends BaseExporter<C>> exporterClass, String name, @Nullable C config) {
    requireNonNull(exporterClass, "exporterClass must not be null");
    requireNonNull(name, "name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new ExporterDefinition<>(exporterClass, name, config, null);
  }

  /**
   * This definition with a schedule of its own.
   *
   * @param schedule its interval, timeout, initial delay, jitter and failure policy
   * @return a new definition
   */
  public ExporterDefinition<C> withSchedule(ExporterSchedule schedule) {
    return new ExporterDefinition<>(
        exporterClass, name, config, requireNonNull(schedule, "schedule must not be null"));
  }

  /**
   * The exporter class.
   *
   * @return the class
   */
  public Class<? extends BaseExporter<C>> exporterClass() {
    return exporterClass;
  }

  /**
   * The instance name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The instance's config.
   *
   * @return the config, {@code null} for an exporter of {@code Void}
   */
  public @Nullable C config() {
    return config;
  }

  /**
   * The instance's own schedule.
   *
   * @return the schedule, or {@code null} for the {@code app} section's
   */
  public @Nullable ExporterSchedule schedule() {
    return schedule;
  }

  @Override
  public String toString() {
    // The config may hold secrets: only its class is shown.
    return "ExporterDefinition[" + exporterClass.getName() + " '" + name + "']";
  }
}
