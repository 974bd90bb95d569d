package dev.promonitor.springboot.it.ownhost;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.springboot.it.QueueExporter;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** An application that builds its own host: the starter backs off. */
@SpringBootApplication
public class OwnHostApplication {

  /**
   * The application's own host, which it starts and stops itself (here: never started).
   *
   * @return the host
   */
  @Bean
  ExporterHost ownExporterHost() {
    return ExporterHost.builder()
        .exporter(QueueExporter.class, "own", new QueueExporter.Settings(List.of("orders")))
        .build();
  }
}
