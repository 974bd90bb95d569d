package dev.promonitor.api;

import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import io.prometheus.client.CollectorRegistry;
import org.slf4j.Logger;

/**
 * The base class of every exporter: one instance collects the metrics of one config entry.
 *
 * <h2>Writing an exporter</h2>
 *
 * <pre>{@code
 * @ExporterType("dir_size")
 * public final class DirSizeExporter extends BaseExporter<DirSizeConfig> {
 *   private Gauge bytes;
 *
 *   @Override
 *   protected void init() {
 *     bytes = Gauge.build("directory_size_bytes", "Total size of the files under a directory.")
 *         .labelNames("path")
 *         .register(registry());
 *   }
 *
 *   @Override
 *   public void exportMetrics() throws IOException {
 *     for (Path path : config().paths()) {
 *       bytes.labels(path.toString()).set(sizeOf(path));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The type argument {@code C} is the exporter's config class: a record or a plain class whose
 * properties bind from the entry's {@code config} mapping (snake_case keys in the file bind to
 * camelCase Java names, {@code bucket_names} to {@code bucketNames}) and whose Jakarta Bean
 * Validation constraints are checked before the exporter is created. Use {@link Void} for an
 * exporter that takes no config. Defaults that the config class declares apply even when the
 * entry has no {@code config} at all.
 *
 * <h2>Life cycle</h2>
 *
 * <ol>
 *   <li>The framework calls the public no-arg constructor. The settings ({@link #type()},
 *       {@link #name()}, {@link #config()}, {@link #logger()}, {@link #registry()}) are injected
 *       before the subclass constructor runs, so they may be used from field initializers and
 *       the constructor. Constructing an exporter outside the framework throws
 *       {@link IllegalStateException}.
 *   <li>{@link #init()} is called once, before the first export. Create clients and register
 *       metrics with {@link #registry()} there.
 *   <li>{@link #exportMetrics()} is called on the configured schedule.
 *   <li>{@link #close()} is called once at shutdown, after the last export has ended.
 * </ol>
 *
 * <h2>Threading</h2>
 *
 * <p>Calls on one instance never overlap: {@code init}, each {@code exportMetrics} and
 * {@code close} run one after another, each completing before the next begins (the framework
 * establishes a happens-before order between them), but not necessarily on the same thread.
 * Different instances run concurrently in the {@code async} and {@code multithreaded} modes, so
 * state shared between instances (static fields) must be thread-safe. Metrics registered with
 * {@link #registry()} may be scraped at any time, concurrently with an export.
 *
 * <h2>Failures</h2>
 *
 * <p>An exception thrown by {@code init} or {@code exportMetrics} fails that call only: the
 * framework logs it once with the instance's name and stack trace and keeps the schedule going
 * for this instance and every other one. A failed {@code init} is retried before the next
 * scheduled export.
 *
 * @param <C> the config class, or {@link Void} for none
 */
// close() may throw any Exception by design (see its contract), which -Xlint:try flags.
@SuppressWarnings("try")
public abstract class BaseExporter<C> implements AutoCloseable {

  private final ExporterContext context;

  /**
   * Creates the exporter with the settings that the framework prepared for this instance.
   *
   * @throws IllegalStateException when called outside the framework's instantiation
   */
  protected BaseExporter() {
    this.context = ExporterInstantiation.takePending(getClass());
  }

  /**
   * Runs one export: reads the monitored system and updates the metrics registered with
   * {@link #registry()}.
   *
   * <p>Never called concurrently with itself on one instance. May block; in the {@code async}
   * mode a blocking exporter runs on a bounded worker pool, see {@link AsyncExporter} for one that
   * does not block a thread.
   *
   * @throws Exception when this run fails; the framework logs it and the schedule goes on
   */
  public abstract void exportMetrics() throws Exception;

  /**
   * Called once after the settings are injected and before the first {@link #exportMetrics()}:
   * the place to create clients and register metrics. The default does nothing.
   *
   * <p>When it throws, the framework logs the failure, discards what this instance registered
   * with {@link #registry()} and calls {@code init} again before the next scheduled export.
   *
   * @throws Exception when the exporter cannot start yet
   */
  protected void init() throws Exception {
    // nothing to prepare by default
  }

  /**
   * Called once at shutdown, after the last export of this instance has ended: release clients,
   * threads and files here. The default does nothing.
   *
   * @throws Exception when releasing fails; the framework logs it and closes the others
   */
  @Override
  public void close() throws Exception {
    // nothing to release by default
  }

  /**
   * The validated config of this instance, bound from the entry's {@code config} mapping.
   *
   * @return the config; {@code null} only when {@code C} is {@link Void}
   */
  @SuppressWarnings("unchecked")
  public final C config() {
    return (C) context.config();
  }

  /**
   * The exporter type, as given by {@link ExporterType}.
   *
   * @return the type name, never blank
   */
  public final String type() {
    return context.type();
  }

  /**
   * The name of this instance: the entry's {@code name}, or the {@link #type()} when the entry
   * has none.
   *
   * @return the instance name, never blank
   */
  public final String name() {
    return context.name();
  }

  /**
   * The logger of this instance, named {@code exporters.<type>} or
   * {@code exporters.<type>.<name>} when the entry has a name, so that the {@code logging}
   * section can set the level of all exporters, of one type, or of one instance.
   *
   * @return the instance's logger
   */
  public final Logger logger() {
    return context.logger();
  }

  /**
   * The registry that this instance registers its metrics with. What is registered here is
   * served on the host's {@code /metrics} endpoint; it belongs to this instance alone, so two
   * instances of one type may register metrics of the same name.
   *
   * @return the instance's registry
   */
  public final CollectorRegistry registry() {
    return context.registry();
  }

  /**
   * Returns {@code type.name}, or just {@code type} when the entry has no name.
   */
  @Override
  public String toString() {
    return context.qualifiedName();
  }
}
