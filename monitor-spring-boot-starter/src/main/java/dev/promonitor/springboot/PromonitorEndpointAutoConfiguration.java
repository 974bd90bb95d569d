package dev.promonitor.springboot;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.springboot.internal.PromonitorEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator endpoint {@code promonitor} ({@code /actuator/promonitor} once exposed with {@code
 * management.endpoints.web.exposure.include}): the document of the runner's {@code
 * /api/v1/exporters}.
 */
@AutoConfiguration(after = PromonitorAutoConfiguration.class)
@ConditionalOnClass(
    name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnBean(ExporterHost.class)
@ConditionalOnAvailableEndpoint(endpoint = PromonitorEndpoint.class)
public class PromonitorEndpointAutoConfiguration {

  /** For Spring. */
  public PromonitorEndpointAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  PromonitorEndpoint promonitorEndpoint(ExporterHost host) {
    return new PromonitorEndpoint(host);
  }
}
