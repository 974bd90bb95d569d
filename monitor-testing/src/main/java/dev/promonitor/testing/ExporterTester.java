package dev.promonitor.testing;

import static java.util.Objects.requireNonNull;

import dev.promonitor.api.AsyncExporter;
import dev.promonitor.api.BaseExporter;
import dev.promonitor.api.internal.ExporterContext;
import dev.promonitor.api.internal.ExporterInstantiation;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterProvider;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.ConfigLocation;
import dev.promonitor.core.config.ConfigProblem;
import dev.promonitor.core.config.ExporterEntry;
import dev.promonitor.core.internal.config.CodeConfigChecker;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests one exporter class the way the framework runs it, without a host, a port or a file.
 *
 * <pre>{@code
 * Samples samples =
 *     ExporterTester.of(DirSizeExporter.class)
 *         .yaml("paths: [/var/log]")
 *         .exportOnce();
 *
 * assertThat(samples.value("directory_files", "path", "/var/log")).hasValue(5);
 * }</pre>
 *
 * <p>The config is bound and validated exactly as a host does it: a YAML (or JSON) snippet is the
 * entry's {@code config} mapping, with {@code ${VAR}} references read from {@link #environment};
 * a config object is checked against its Bean Validation constraints. A config that fails throws
 * {@link ConfigException}, with the problems a user would see (their paths start at
 * {@code exporters[0].config}).
 *
 * <p>The exporter gets the same settings as under a host: its {@code type}, {@code name}, a logger
 * named {@code exporters.<type>.<name>} and a registry of its own. {@link #exportOnce()} runs
 * {@code init}, one export and {@code close}; {@link #start()} keeps the instance for several
 * exports, with a {@link Running#advance fake clock} for exporters whose behaviour follows their
 * schedule. Calls run on the calling thread; an {@link AsyncExporter}'s stage is awaited up to
 * {@link #timeout}.
 *
 * @param <E> the exporter class
 */
// Running.close() throws what the exporter's close() throws, any Exception, which -Xlint:try flags.
@SuppressWarnings("try")
public final class ExporterTester<E extends BaseExporter<?>> {

  private static final Method INIT = initMethod();

  private final Class<E> exporterClass;
  private final ExporterProvider provider;
  private @Nullable String name;
  private @Nullable Object config;
  private @Nullable String yaml;
  private Map<String, String> environment = Map.of();
  private Duration interval = Duration.ofSeconds(60);
  private Duration timeout = Duration.ofSeconds(30);
  private @Nullable Logger logger;

  private ExporterTester(Class<E> exporterClass) {
    this.exporterClass = exporterClass;
    this.provider = ExporterCatalog.of(exporterClass).providers().get(0);
  }

  /**
   * A tester of one exporter class.
   *
   * @param <E> the exporter class
   * @param exporterClass a concrete exporter class carrying {@link dev.promonitor.api.ExporterType}
   * @return the tester, with the type as the instance name and no config
   * @throws dev.promonitor.core.DiscoveryException when the class is not a valid exporter, with
   *     the message discovery would give
   */
  public static <E extends BaseExporter<?>> ExporterTester<E> of(Class<E> exporterClass) {
    requireNonNull(exporterClass, "exporterClass must not be null");
    return new ExporterTester<>(exporterClass);
  }

  /**
   * The instance name, as the entry's {@code name} key sets it.
   *
   * @param name the name; default: none, the instance is named after its type
   * @return this tester
   */
  public ExporterTester<E> name(String name) {
    this.name = requireNonNull(name, "name must not be null");
    return this;
  }

  /**
   * The config object, checked against its constraints as a host checks a config set in code.
   * Replaces a {@link #yaml} snippet.
   *
   * @param config an instance of the exporter's config class
   * @return this tester
   * @throws IllegalArgumentException when it is not an instance of the exporter's config class
   */
  public ExporterTester<E> config(Object config) {
    requireNonNull(config, "config must not be null");
    if (!provider.configClass().isInstance(config)) {
      throw new IllegalArgumentException(
          "config: expecting a "
              + provider.configClass().getName()
              + " for "
              + exporterClass.getName()
              + ". Found: "
              + config.getClass().getName());
    }
    this.config = config;
    this.yaml = null;
    return this;
  }

  /**
   * The config as YAML (or JSON), as it stands under the entry's {@code config} key, such as
   * {@code "paths: [/tmp]\nmax_depth: 2"}. Replaces a {@link #config(Object)} object.
   *
   * @param configYaml the mapping; blank for an entry without {@code config} (its defaults apply)
   * @return this tester
   */
  public ExporterTester<E> yaml(String configYaml) {
    this.yaml = requireNonNull(configYaml, "configYaml must not be null");
    this.config = null;
    return this;
  }

  /**
   * The environment variables that {@code ${VAR}} references in the {@link #yaml} snippet read.
   *
   * @param environment the variables; default: none, not the process's environment
   * @return this tester
   */
  public ExporterTester<E> environment(Map<String, String> environment) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment must not be null"));
    return this;
  }

  /**
   * The logger that {@code logger()} gives the exporter, such as one that records what it logs.
   *
   * @param logger the logger; default: the SLF4J logger {@code exporters.<type>.<name>}, as under
   *     a host
   * @return this tester
   */
  public ExporterTester<E> logger(Logger logger) {
    this.logger = requireNonNull(logger, "logger must not be null");
    return this;
  }

  /**
   * The interval of the exporter's schedule, which {@link Running#advance} follows.
   *
   * @param interval the interval, more than zero; default 60 s, as {@code export_interval_seconds}
   * @return this tester
   */
  public ExporterTester<E> interval(Duration interval) {
    requireNonNull(interval, "interval must not be null");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval: expecting value > 0. Found: " + interval);
    }
    this.interval = interval;
    return this;
  }

  /**
   * How long an {@link AsyncExporter}'s stage may take before its export fails with a
   * {@link TimeoutException}.
   *
   * @param timeout the timeout, more than zero; default 30 s
   * @return this tester
   */
  public ExporterTester<E> timeout(Duration timeout) {
    requireNonNull(timeout, "timeout must not be null");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: expecting value > 0. Found: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Creates the exporter, runs {@code init}, one export and {@code close}, and returns what its
   * registry held after the export.
   *
   * @return the samples
   * @throws ConfigException when the config is invalid; nothing was created
   * @throws Exception what the constructor, {@code init}, the export or {@code close} threw (the
   *     instance is closed in every case once created)
   */
  public Samples exportOnce() throws Exception {
    try (Running<E> running = start()) {
      return running.export();
    }
  }

  /**
   * Creates the exporter and runs its {@code init}; the caller runs exports and closes it.
   *
   * @return the running instance, at time zero of its fake clock
   * @throws ConfigException when the config is invalid; nothing was created
   * @throws Exception what the constructor or {@code init} threw; a created instance is closed
   */
  public Running<E> start() throws Exception {
    Object bound = bind();
    String type = provider.type();
    String instanceName = name != null ? name : type;
    String qualifiedName = name != null ? type + "." + name : type;
    CollectorRegistry registry = new CollectorRegistry(true);
    ExporterContext context =
        new ExporterContext(
            exporterClass,
            type,
            instanceName,
            qualifiedName,
            bound,
            logger != null ? logger : LoggerFactory.getLogger("exporters." + qualifiedName),
            registry);
    E exporter = withContextLoader(() -> ExporterInstantiation.instantiate(exporterClass, context));
    try {
      withContextLoader(
          () -> {
            INIT.invoke(exporter);
            return null;
          });
    } catch (Exception | Error e) {
      closeQuietly(exporter, e);
      throw e;
    }
    return new Running<>(exporter, registry, interval, timeout);
  }

  private @Nullable Object bind() {
    if (!provider.takesConfig()) {
      return null;
    }
    if (config != null) {
      List<ConfigProblem> problems =
          CodeConfigChecker.problems(config, "exporters[0].config", ConfigLocation.of("<code>"));
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return config;
    }
    String snippet = yaml != null ? yaml : "";
    StringBuilder document =
        new StringBuilder("exporters:\n  - type: ").append(provider.type()).append('\n');
    if (!snippet.isBlank()) {
      document.append("    config:\n");
      for (String line : snippet.split("\n", -1)) {
        document.append("      ").append(line).append('\n');
      }
    }
    ExporterEntry entry =
        ConfigLoader.builder()
            .catalog(ExporterCatalog.of(exporterClass))
            .environment(environment)
            .build()
            .parse(document.toString(), "<" + provider.type() + " config>.yml")
            .exporters()
            .get(0);
    return entry.config();
  }

  private <T> T withContextLoader(ThrowingSupplier<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(exporterClass.getClassLoader());
    try {
      return call.get();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeQuietly(BaseExporter<?> exporter, Throwable failure) {
    try {
      exporter.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private static Method initMethod() {
    try {
      Method init = BaseExporter.class.getDeclaredMethod("init");
      init.setAccessible(true);
      return init;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  /**
   * An exporter instance after its {@code init}, with a fake clock that starts at zero.
   *
   * <p>Not thread-safe: one test drives it. Closing it closes the exporter, once.
   *
   * @param <E> the exporter class
   */
  public static final class Running<E extends BaseExporter<?>> implements AutoCloseable {

    private final E exporter;
    private final CollectorRegistry registry;
    private final long intervalNanos;
    private final Duration timeout;
    private long nowNanos;
    private long nextDueNanos;
    private long exports;
    private boolean closed;

    private Running(E exporter, CollectorRegistry registry, Duration interval, Duration timeout) {
      this.exporter = exporter;
      this.registry = registry;
      this.intervalNanos = interval.toNanos();
      this.timeout = timeout;
    }

    /**
     * The exporter instance, for assertions on its own state.
     *
     * @return the instance
     */
    public E exporter() {
      return exporter;
    }

    /**
     * Runs one export now, as the framework does: {@code exportMetrics}, or for an
     * {@link AsyncExporter} {@code exportMetricsAsync} and its stage, awaited up to the tester's
     * timeout. The next scheduled export is then due one interval later.
     *
     * @return what the registry holds after the export
     * @throws Exception what the export threw, or {@link TimeoutException} when an asynchronous
     *     stage did not complete in time
     * @throws IllegalStateException when the instance is closed
     */
    public Samples export() throws Exception {
      if (closed) {
        throw new IllegalStateException(exporter + " is closed");
      }
      exports++;
      nextDueNanos = nowNanos + intervalNanos;
      if (exporter instanceof AsyncExporter<?> async) {
        try {
          async.exportMetricsAsync().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          if (cause instanceof Exception exception) {
            throw exception;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw e;
        }
      } else {
        exporter.exportMetrics();
      }
      return samples();
    }

    /**
     * Moves the fake clock on and runs every export that falls due meanwhile on a fixed-rate
     * schedule of the tester's interval, the first one at time zero.
     *
     * @param duration how far to move the clock, zero or more
     * @return the number of exports it ran
     * @throws Exception what an export threw; the clock then stands at that export's due time
     */
    public int advance(Duration duration) throws Exception {
      requireNonNull(duration, "duration must not be null");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration: expecting value >= 0. Found: " + duration);
      }
      long target = nowNanos + duration.toNanos();
      int ran = 0;
      while (nextDueNanos <= target) {
        nowNanos = nextDueNanos;
        export();
        ran++;
      }
      nowNanos = target;
      return ran;
    }

    /**
     * The time on the fake clock, since {@code init}.
     *
     * @return the elapsed fake time
     */
    public Duration elapsed() {
      return Duration.ofNanos(nowNanos);
    }

    /**
     * How many exports have run.
     *
     * @return the count
     */
    public long exports() {
      return exports;
    }

    /**
     * What the exporter's registry holds now.
     *
     * @return the samples
     */
    public Samples samples() {
      return new Samples(Collections.list(registry.metricFamilySamples()));
    }

    /**
     * Closes the exporter; idempotent.
     *
     * @throws Exception what its {@code close} threw
     */
    @Override
    public void close() throws Exception {
      if (!closed) {
        closed = true;
        exporter.close();
      }
    }
  }
}
