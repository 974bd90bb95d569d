/**
 * Hosting exporters: discovery ({@link dev.promonitor.core.ExporterCatalog}), config loading
 * ({@link dev.promonitor.core.config.ConfigLoader}) and the host that runs them and serves
 * {@code /metrics} ({@link dev.promonitor.core.ExporterHost}).
 *
 * <p>Exporter classes are found with {@link java.util.ServiceLoader}: an exporter module
 * {@code provides dev.promonitor.api.BaseExporter with ...} and opens its config package to
 * {@code com.fasterxml.jackson.databind} and {@code org.hibernate.validator}, which bind and check
 * the config records.
 */
module dev.promonitor.core {
  requires transitive dev.promonitor.api;
  requires transitive jakarta.validation;
  requires simpleclient.common;
  requires simpleclient.hotspot;
  requires org.snakeyaml.engine.v2;
  requires com.fasterxml.jackson.databind;
  requires org.hibernate.validator;
  requires bcrypt;
  requires jdk.httpserver;
  requires java.logging;
  requires static org.jspecify;

  exports dev.promonitor.core;
  exports dev.promonitor.core.config;
  // Not API: the runner's dry-run report, the testing kit's config check and the Spring Boot
  // starter's health details and status endpoint.
  exports dev.promonitor.core.internal to
      dev.promonitor.runner,
      dev.promonitor.springboot;
  exports dev.promonitor.core.internal.http to
      dev.promonitor.springboot;
  exports dev.promonitor.core.internal.config to
      dev.promonitor.runner,
      dev.promonitor.testing;
  exports dev.promonitor.core.internal.engine to
      dev.promonitor.runner;
  // Jackson binds the config file's sections to these records; Hibernate Validator checks them.
  opens dev.promonitor.core.internal.config to
      com.fasterxml.jackson.databind,
      org.hibernate.validator;

  uses dev.promonitor.api.BaseExporter;
}
