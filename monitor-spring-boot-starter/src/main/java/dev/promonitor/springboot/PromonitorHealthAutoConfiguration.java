package dev.promonitor.springboot;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.springboot.internal.Boot3PromonitorHealthIndicator;
import dev.promonitor.springboot.internal.Boot4PromonitorHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health contributor {@code promonitor}: one detail per exporter, DOWN when an exporter fails
 * only if {@code promonitor.health.down-on-failure} is on. Spring Boot 4.0 moved the health API to
 * the module spring-boot-health: each line has its own configuration, chosen by the classes
 * present. {@code management.health.promonitor.enabled=false} turns it off.
 */
@AutoConfiguration(after = PromonitorAutoConfiguration.class)
@ConditionalOnBean(ExporterHost.class)
@EnableConfigurationProperties(PromonitorProperties.class)
public class PromonitorHealthAutoConfiguration {

  /** For Spring. */
  public PromonitorHealthAutoConfiguration() {}

  /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
  @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("promonitor")
  static class Boot4 {

    @Bean
    @ConditionalOnMissingBean(name = "promonitorHealthIndicator")
    Boot4PromonitorHealthIndicator promonitorHealthIndicator(
        ExporterHost host, PromonitorProperties properties) {
      return new Boot4PromonitorHealthIndicator(host, properties.getHealth().isDownOnFailure());
    }
  }

  /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("promonitor")
  static class Boot3 {

    @Bean
    @ConditionalOnMissingBean(name = "promonitorHealthIndicator")
    Boot3PromonitorHealthIndicator promonitorHealthIndicator(
        ExporterHost host, PromonitorProperties properties) {
      return new Boot3PromonitorHealthIndicator(host, properties.getHealth().isDownOnFailure());
    }
  }
}
