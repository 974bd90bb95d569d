/**
 * The standalone runner: {@link dev.promonitor.runner.Main}, its command line and the logging
 * backend. Runs from the class path (the runnable jar, the distribution's launcher) or from the
 * module path ({@code java -p lib -m dev.promonitor.runner}).
 *
 * <p>The Pushgateway client is the only provider of {@code io.prometheus.client.exporter} here:
 * simpleclient_httpserver, which splits that package with it, is on no promonitor module's path
 * (the endpoint is promonitor's own, on the JDK's HTTP server).
 */
module dev.promonitor.runner {
  requires dev.promonitor.core;
  requires simpleclient.pushgateway;
  requires info.picocli;
  requires org.apache.logging.log4j;
  requires org.apache.logging.log4j.core;
  // sun.misc.Signal, for SIGHUP (a reload) and SIGTERM; looked up reflectively.
  requires jdk.unsupported;
  // HotSpotDiagnosticMXBean: whether the JVM exits on out of memory by itself.
  requires jdk.management;
  requires static org.jspecify;

  exports dev.promonitor.runner;
  // picocli sets the annotated options of Main and reads HelpLayout's.
  opens dev.promonitor.runner to
      info.picocli;
  opens dev.promonitor.runner.internal to
      info.picocli;
  // Log4j creates the configuration factory that log4j2.component.properties names.
  exports dev.promonitor.runner.internal to
      org.apache.logging.log4j.core;
}
