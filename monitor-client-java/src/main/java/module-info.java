/**
 * Exporters on an application's client_java 1.x {@code PrometheusRegistry} (or a Micrometer
 * registry that writes to one): {@link dev.promonitor.clientjava.ClientJavaHost}.
 */
module dev.promonitor.clientjava {
  requires transitive dev.promonitor.core;
  requires transitive io.prometheus.metrics.model;
  requires io.prometheus.metrics.simpleclient.bridge;
  requires static org.jspecify;

  exports dev.promonitor.clientjava;
}
