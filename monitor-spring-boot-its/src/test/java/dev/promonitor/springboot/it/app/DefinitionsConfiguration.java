package dev.promonitor.springboot.it.app;

import dev.promonitor.core.config.ExporterSchedule;
import dev.promonitor.springboot.it.QueueExporter;
import dev.promonitor.springboot.ExporterDefinition;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An exporter declared in code, beside those of the config file. */
@Configuration(proxyBeanMethods = false)
class DefinitionsConfiguration {

  @Bean
  ExporterDefinition<QueueExporter.Settings> billingQueue() {
    return ExporterDefinition.of(
            QueueExporter.class, "billing", new QueueExporter.Settings(List.of("invoices")))
        .withSchedule(ExporterSchedule.every(Duration.ofSeconds(30)));
  }
}
