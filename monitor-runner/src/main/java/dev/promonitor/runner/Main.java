package dev.promonitor.runner;

import dev.promonitor.core.DiscoveryException;
import dev.promonitor.core.EndpointException;
import dev.promonitor.core.ExporterCatalog;
import dev.promonitor.core.ExporterException;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.OnceRunner;
import dev.promonitor.core.Version;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.ConfigException;
import dev.promonitor.core.config.ConfigLoader;
import dev.promonitor.core.config.MonitorConfig;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.config.WebConfigException;
import dev.promonitor.core.internal.FatalErrors;
import dev.promonitor.core.internal.SecretMasking;
import dev.promonitor.runner.internal.ConfigCheckReport;
import dev.promonitor.runner.internal.DryRunReport;
import dev.promonitor.runner.internal.EntrySelection;
import dev.promonitor.runner.internal.HangupSignal;
import dev.promonitor.runner.internal.HelpLayout;
import dev.promonitor.runner.internal.ExporterListing;
import dev.promonitor.runner.internal.ListenAddress;
import dev.promonitor.runner.internal.Log4jLogging;
import dev.promonitor.runner.internal.ProcessExit;
import dev.promonitor.runner.internal.ShardOption;
import dev.promonitor.runner.internal.StartUp;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The standalone runner: {@code java -jar promonitor-runner.jar --config-file config.yml}.
 *
 * <p>Exit codes: 0 success (and a clean stop on SIGTERM or SIGINT), 2 bad usage or config, 1 a
 * runtime failure such as a port in use, 3 out of memory; {@code System.exit(n)} from an exporter
 * ends the process with {@code n}. See {@link ProcessExit}.
 */
@Command(
    name = "promonitor",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Runs Prometheus exporters on a schedule and serves their metrics on /metrics.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, or a clean stop",
      "1:runtime failure (for example the port is in use)",
      "2:bad usage, config or exporters dir",
      "3:out of memory (exits so that systemd or Kubernetes restarts it)"
    })
public final class Main implements Callable<Integer> {

  /** The exit code for a bad command line, config file or exporters dir. */
  public static final int EXIT_USAGE = 2;

  /** The exit code for a failure at run time. */
  public static final int EXIT_FAILURE = 1;

  /** The exit code after an out-of-memory error, the same as -XX:+ExitOnOutOfMemoryError's. */
  public static final int EXIT_OUT_OF_MEMORY = ProcessExit.EXIT_OUT_OF_MEMORY;

  /** The Pushgateway job name when {@code --push-job} is not given. */
  public static final String DEFAULT_PUSH_JOB = "promonitor";

  /** The least time that {@code --once} waits for the exporters' runs. */
  private static final Duration MIN_ONCE_TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      defaultValue = "config/config.yml",
      description = "The YAML (.yml, .yaml) or JSON (.json) config file. Default: ${DEFAULT-VALUE}.")
  private Path configFile = Path.of("config/config.yml");

  @Option(
      names = "--exporters-dir",
      paramLabel = "DIR",
      description =
          "A directory of exporter plugins: its jars, and each sub-directory of jars as a"
              + " separate plugin (absolute, or relative to the working directory)."
              + " Exporters on the class path are always found.")
  private @Nullable Path exportersDir;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description =
          "A directory whose *.yml, *.yaml and *.json files each add an 'exporters' list,"
              + " in the order of their names (replaces app.config_dir).")
  private @Nullable Path configDir;

  @Option(
      names = "--web-config-file",
      paramLabel = "FILE",
      description =
          "An exporter-toolkit web config file: TLS, basic auth and headers of every endpoint"
              + " (replaces app.web_config_file).")
  private @Nullable Path webConfigFile;

  @Option(
      names = "--web.listen-address",
      paramLabel = "[HOST]:PORT",
      description =
          "The address of /metrics, such as :9400 (every interface), 127.0.0.1:9400 or"
              + " [::1]:9400 (replaces app.prometheus_host and app.prometheus_port).")
  private @Nullable String listenAddress;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      description = "debug, info, warn or error: the root log level (replaces logging's level).")
  private @Nullable String logLevel;

  @Option(
      names = "--log.format",
      paramLabel = "FORMAT",
      description =
          "logfmt or json: one key=value line, or one JSON object a line (time, level, logger,"
              + " msg), per event (replaces logging's format).")
  private @Nullable String logFormat;

  @Option(
      names = "--check-config",
      description =
          "Check the config, its config dir and web config, load the exporter plugins, print a"
              + " summary and exit: 0 when all is valid, 2 when not. Creates no exporter and binds"
              + " no port.")
  private boolean checkConfig;

  @Option(
      names = "--exporter",
      paramLabel = "TYPE[.NAME]",
      description =
          "With --once, --dry-run or --check-config: only the enabled entries of this type, or"
              + " of this type and name. Repeatable.")
  private List<String> selectedExporters = new ArrayList<>();

  @Option(
      names = "--shard",
      paramLabel = "INDEX/COUNT",
      description =
          "This replica's shard when COUNT replicas share one config, such as 1/3: it runs the"
              + " entries that rendezvous hashing gives to shard INDEX, and those with"
              + " 'sharding: all' (replaces app.shard_index and app.shard_count).")
  private @Nullable String shard;

  @Option(
      names = "--list-exporters",
      description =
          "Print every exporter type found, with its config keys, types and defaults, as entries"
              + " to paste under 'exporters:', and exit.")
  private boolean listExporters;

  @Option(
      names = "--dry-run",
      description =
          "Load and validate everything, create the exporters, print what would run, and exit"
              + " without binding a port or running an export.")
  private boolean dryRun;

  @Option(
      names = "--once",
      description =
          "Run each enabled exporter once (init, export, close), print the metrics in the"
              + " Prometheus text format to standard output and exit: 0 when every exporter"
              + " succeeded, 1 when one failed. Serves no HTTP.")
  private boolean once;

  @Option(
      names = "--push-gateway",
      paramLabel = "URL",
      description =
          "With --once: also push the metrics to the Prometheus Pushgateway at URL"
              + " (such as http://pushgateway:9091), replacing what the job pushed before.")
  private @Nullable String pushGateway;

  @Option(
      names = "--push-job",
      paramLabel = "NAME",
      defaultValue = DEFAULT_PUSH_JOB,
      description = "The job label of pushed metrics. Default: ${DEFAULT-VALUE}.")
  private String pushJob = DEFAULT_PUSH_JOB;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log at DEBUG, whatever the config says, and print stack traces of errors.")
  private boolean verbose;

  @Spec private @Nullable CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private @Nullable ProcessExit processExit;
  private final @Nullable StartUp startUp;

  private Main(
      PrintStream out,
      PrintStream err,
      @Nullable ProcessExit processExit,
      @Nullable StartUp startUp) {
    this.out = out;
    this.err = err;
    this.processExit = processExit;
    this.startUp = startUp;
  }

  /**
   * Runs the command line; returns only for a dry run or a failure, else serves until the JVM is
   * stopped (SIGTERM, SIGINT), closing the exporters on the way out.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // The exit's signal handlers, then Log4j, start on their own thread while the command line is
    // parsed (the machine's other core); call() awaits them.
    StartUp startUp = StartUp.begin(AppSettings.DEFAULT_SHUTDOWN_GRACE);
    int exitCode;
    try {
      exitCode = execute(args, System.out, System.err, null, startUp);
    } catch (Throwable failure) {
      // Such as out of memory while starting: its own exit status, see ProcessExit.
      FatalErrors.report(failure);
      throw failure;
    }
    // Help and version end before logging is awaited; logging stops at the exit.
    startUp.awaitLogging();
    System.exit(exitCode);
  }

  /**
   * Runs the command line with the given streams.
   *
   * @param args the arguments
   * @param out where results go (help, version, the dry-run report)
   * @param err where errors go
   * @return the exit code
   */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, out, err, null, null);
  }

  private static int execute(
      String[] args,
      PrintStream out,
      PrintStream err,
      @Nullable ProcessExit processExit,
      @Nullable StartUp startUp) {
    Main main = new Main(out, err, processExit, startUp);
    CommandLine commandLine = new CommandLine(main);
    HelpLayout.install(commandLine);
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> main.fail(EXIT_FAILURE, "unexpected failure", exception));
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    if (startUp != null) {
      processExit = startUp.processExit();
      startUp.awaitLogging();
    }
    Log4jLogging.Overrides logOverrides;
    @Nullable ListenAddress address;
    try {
      logOverrides = Log4jLogging.Overrides.parse(logLevel, logFormat);
      address = listenAddress == null ? null : ListenAddress.parse(listenAddress);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    Log4jLogging.applyDefaults(verbose, logOverrides);
    String usageProblem = usageProblem();
    if (usageProblem != null) {
      return usage(usageProblem);
    }
    if (!listExporters && !configFileGiven() && !Files.exists(configFile)) {
      return usage(
          "no config file: "
              + configFile
              + " (the default of --config-file) does not exist in "
              + Path.of("").toAbsolutePath()
              + ". Give yours with --config-file FILE; --help shows every option.");
    }
    ExporterCatalog catalog;
    try {
      catalog = discover();
    } catch (DiscoveryException e) {
      return fail(EXIT_USAGE, "cannot load exporters", e);
    }
    if (listExporters) {
      out.print(ExporterListing.render(catalog));
      out.flush();
      return 0;
    }
    ConfigLoader.Builder loaderBuilder = ConfigLoader.builder().catalog(catalog);
    if (configDir != null) {
      loaderBuilder.configDir(configDir);
    }
    if (shard != null) {
      ShardOption option = ShardOption.parse(shard);
      loaderBuilder.shard(option.index(), option.count());
    }
    if (webConfigFile != null) {
      loaderBuilder.webConfigFile(webConfigFile);
    }
    ConfigLoader loader = loaderBuilder.build();
    MonitorConfig config;
    try {
      config = withAddress(loader.load(configFile), address);
    } catch (WebConfigException e) {
      return fail(EXIT_USAGE, "invalid web config", e);
    } catch (ConfigException e) {
      return fail(EXIT_USAGE, "invalid config", e);
    }
    WebConfig web = config.webConfig();
    if (!selectedExporters.isEmpty()) {
      try {
        config = EntrySelection.select(config, selectedExporters);
      } catch (IllegalArgumentException e) {
        return usage(e.getMessage());
      }
    }
    if (checkConfig) {
      out.print(ConfigCheckReport.render(config, catalog, web));
      out.flush();
      return 0;
    }
    Log4jLogging.apply(config.logging(), verbose, logOverrides);
    if (processExit != null) {
      processExit.grace(config.app().shutdownGrace());
    }
    if (once) {
      return runOnce(config);
    }
    ExporterHost host;
    try {
      host =
          ExporterHost.builder()
              .config(config)
              .serveHttp(!dryRun)
              .reloadSource(() -> withAddress(loader.load(configFile), address))
              .afterReload(reloaded -> Log4jLogging.apply(reloaded.logging(), verbose, logOverrides))
              .build();
    } catch (ExporterException e) {
      return fail(EXIT_FAILURE, "cannot create exporters", e);
    }
    if (dryRun) {
      host.close();
      out.print(DryRunReport.render(config, catalog));
      out.flush();
      return 0;
    }
    ProcessExit exit =
        processExit != null
            ? processExit
            : ProcessExit.inProcess(config.app().shutdownGrace());
    // Before start, so that a stop during the exporters' init closes them.
    exit.running(host::close);
    try {
      host.start();
    } catch (EndpointException | ExporterException e) {
      exit.running(null);
      host.close();
      return fail(EXIT_FAILURE, "cannot start", e);
    }
    HangupSignal.install(() -> reloadOnHangup(host, exit));
    InetSocketAddress bound = host.httpAddress().orElseThrow();
    log().info(
        "promonitor {} serving metrics on {}://{}:{}/metrics",
        Version.current(),
        web.tls().isPresent() ? "https" : "http",
        bound.getHostString(),
        bound.getPort());
    exit.awaitEnd();
    return 0;
  }

  /** SIGHUP: reload the config; a refused one is logged by the host and the running one stays. */
  private void reloadOnHangup(ExporterHost host, ProcessExit exit) {
    if (exit.stopRequested()) {
      log().info("SIGHUP while stopping: not reloading");
      return;
    }
    log().info("SIGHUP: reloading {}", configFile);
    try {
      host.reload();
    } catch (RuntimeException refused) {
      if (verbose) {
        log().debug("Reload refused", refused);
      }
    }
  }

  private int usage(String problem) {
    err.println("promonitor: " + problem);
    err.flush();
    return EXIT_USAGE;
  }

  /** Whether {@code --config-file} was on the command line, rather than its default. */
  private boolean configFileGiven() {
    return spec != null
        && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--config-file");
  }

  private static MonitorConfig withAddress(MonitorConfig config, @Nullable ListenAddress address) {
    if (address == null) {
      return config;
    }
    return new MonitorConfig(
        config.source(),
        address.applyTo(config.app()),
        config.logging(),
        config.exporters(),
        config.webConfig());
  }

  private @Nullable String usageProblem() {
    if (once && dryRun) {
      return "--once and --dry-run cannot be combined";
    }
    if (checkConfig && (once || dryRun || listExporters)) {
      return "--check-config cannot be combined with --once, --dry-run or --list-exporters";
    }
    if (!selectedExporters.isEmpty() && !once && !dryRun && !checkConfig) {
      return "--exporter needs --once, --dry-run or --check-config";
    }
    if (pushGateway != null && !once) {
      return "--push-gateway needs --once";
    }
    if (pushGateway != null) {
      try {
        URI uri = new URI(pushGateway);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          return "--push-gateway: expecting an http:// or https:// URL. Found: " + pushGateway;
        }
      } catch (URISyntaxException e) {
        return "--push-gateway: expecting an http:// or https:// URL. Found: " + pushGateway;
      }
    }
    if (pushJob.isBlank()) {
      return "--push-job: must not be blank";
    }
    if (shard != null) {
      try {
        ShardOption.parse(shard);
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  /** {@code --once}: one run of every exporter, the metrics on stdout, logs on stderr. */
  private int runOnce(MonitorConfig config) {
    Duration interval = config.app().exportInterval();
    Duration timeout = interval.compareTo(MIN_ONCE_TIMEOUT) > 0 ? interval : MIN_ONCE_TIMEOUT;
    OnceRunner.Result result;
    try {
      result = OnceRunner.run(config, timeout);
    } catch (ExporterException e) {
      return fail(EXIT_FAILURE, "cannot create exporters", e);
    }
    out.print(result.exposition());
    out.flush();
    if (pushGateway != null) {
      try {
        push(result, pushGateway);
      } catch (IOException e) {
        return fail(EXIT_FAILURE, "cannot push to " + pushGateway, e);
      }
      log().info(
          "Pushed {} metric(s) to {} as job '{}'",
          result.metricFamilies().size(),
          pushGateway,
          pushJob);
    }
    if (!result.succeeded()) {
      err.println(
          "promonitor: " + result.failedExporters().size() + " exporter(s) failed: "
              + String.join(", ", result.failedExporters()));
      err.flush();
      return EXIT_FAILURE;
    }
    return 0;
  }

  private void push(OnceRunner.Result result, String gatewayUrl) throws IOException {
    CollectorRegistry registry = new CollectorRegistry(true);
    List<Collector.MetricFamilySamples> families = result.metricFamilies();
    registry.register(
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return families;
          }
        });
    URL url;
    try {
      url = URI.create(gatewayUrl).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IOException("not a URL: " + gatewayUrl, e);
    }
    new PushGateway(url).push(registry, pushJob);
  }

  private ExporterCatalog discover() {
    ClassLoader classLoader = Main.class.getClassLoader();
    return exportersDir == null
        ? ExporterCatalog.discover(classLoader)
        : ExporterCatalog.discover(classLoader, exportersDir);
  }

  private int fail(int exitCode, String what, Exception exception) {
    // A start that failed for want of memory: the process exits with the out-of-memory status.
    FatalErrors.report(exception);
    // Start-up errors quote configs and exporters' messages: secrets masked, as in the log.
    err.println(
        "promonitor: " + what + ": " + SecretMasking.mask(String.valueOf(exception.getMessage())));
    if (verbose) {
      SecretMasking.masked(exception).printStackTrace(err);
    } else if (exitCode == EXIT_FAILURE) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return exitCode;
  }

  private static Logger log() {
    return LoggerFactory.getLogger("dev.promonitor.runner");
  }

  /** Prints the version of promonitor and of the JVM. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "promonitor " + Version.current()
            + " (branch: " + Version.branch() + ", revision: " + Version.revision() + ")",
        "  build date:   " + Version.buildDate(),
        "  java version: " + System.getProperty("java.version")
            + " (" + System.getProperty("java.vendor") + ")",
        "  platform:     " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
      };
    }
  }
}
