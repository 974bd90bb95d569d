package dev.promonitor.springboot;

import dev.promonitor.clientjava.ClientJavaHost;
import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.springboot.internal.PromonitorHosting;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Hosts promonitor's exporters in a Spring Boot application: those of {@code
 * promonitor.config-file} and the {@link ExporterDefinition} beans. Their metrics join the
 * application's client_java {@link PrometheusRegistry} (the one behind Micrometer's {@code
 * PrometheusMeterRegistry} and {@code /actuator/prometheus}), or else its simpleclient {@link
 * CollectorRegistry}; the host serves no HTTP of its own unless {@code promonitor.serve-http} says
 * so. It starts and stops with the context. Backs off when the application defines an {@link
 * ExporterHost} bean of its own, or {@code promonitor.enabled} is {@code false}.
 */
@AutoConfiguration(
    afterName = {
      // Spring Boot 3.5 and 4.0 homes of the PrometheusRegistry bean.
      "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"
    })
@ConditionalOnProperty(prefix = "promonitor", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnMissingBean(ExporterHost.class)
@EnableConfigurationProperties(PromonitorProperties.class)
public class PromonitorAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.springboot");

  /** For Spring. */
  public PromonitorAutoConfiguration() {}

  /**
   * The host, created from the config file and the definitions (configuration problems fail the
   * start here), started by the context.
   *
   * @param properties the {@code promonitor.*} properties
   * @param definitions the exporters declared as beans
   * @param prometheusRegistry the application's client_java registry, when it has one
   * @param collectorRegistry the application's simpleclient registry, when it has one
   * @return the host's life cycle
   */
  @Bean
  PromonitorHosting promonitorHosting(
      PromonitorProperties properties,
      ObjectProvider<ExporterDefinition<?>> definitions,
      ObjectProvider<PrometheusRegistry> prometheusRegistry,
      ObjectProvider<CollectorRegistry> collectorRegistry) {
    ExporterHost.Builder builder = ExporterHost.builder().serveHttp(properties.isServeHttp());
    Path configFile = properties.getConfigFile();
    List<ExporterDefinition<?>> declared = definitions.orderedStream().toList();
    if (configFile != null) {
      builder.configFile(configFile);
    } else if (declared.isEmpty()) {
      LOG.info(
          "promonitor hosts no exporters: set promonitor.config-file or declare ExporterDefinition beans");
      builder.app(AppSettings.defaults());
    }
    declared.forEach(definition -> add(builder, definition));
    PrometheusRegistry prometheus = prometheusRegistry.getIfUnique();
    if (prometheus != null) {
      return PromonitorHosting.joined(ClientJavaHost.create(builder, prometheus));
    }
    CollectorRegistry simpleclient = collectorRegistry.getIfUnique();
    if (simpleclient != null) {
      builder.registry(simpleclient).applicationMetricNames(() -> namesOf(simpleclient));
    } else if (!properties.isServeHttp()) {
      LOG.warn(
          "Nothing serves the metrics of promonitor's exporters: add"
              + " io.micrometer:micrometer-registry-prometheus (for /actuator/prometheus), or set"
              + " promonitor.serve-http=true");
    }
    return PromonitorHosting.own(builder.build());
  }

  /**
   * The host, for the application to read its {@code status()} or {@code reload()} it. Its life
   * cycle is {@link #promonitorHosting}'s.
   *
   * @param hosting the host's life cycle
   * @return the host
   */
  @Bean(destroyMethod = "")
  ExporterHost promonitorExporterHost(PromonitorHosting hosting) {
    return hosting.host();
  }

  private static <C> void add(ExporterHost.Builder builder, ExporterDefinition<C> definition) {
    builder.exporter(
        definition.exporterClass(), definition.name(), definition.config(), definition.schedule());
  }

  private static Set<String> namesOf(CollectorRegistry registry) {
    Set<String> names = new HashSet<>();
    for (Collector.MetricFamilySamples family : Collections.list(registry.metricFamilySamples())) {
      names.add(family.name);
    }
    return names;
  }
}
