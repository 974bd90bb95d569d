package dev.promonitor.springboot.internal;

import dev.promonitor.core.DiscoveryException;
import dev.promonitor.core.EndpointException;
import dev.promonitor.core.ExporterException;
import dev.promonitor.core.PromonitorException;
import dev.promonitor.core.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows why promonitor stopped the start as Spring Boot shows its own failures: an invalid config
 * with each problem's file, line, column and key, as the runner prints them; an exporter that
 * could not be created or started, or a metric name that the application serves already; a port
 * that {@code promonitor.serve-http} could not bind.
 */
public final class PromonitorFailureAnalyzer extends AbstractFailureAnalyzer<PromonitorException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PromonitorException cause) {
    String description;
    String action;
    if (cause instanceof ConfigException) {
      description = "promonitor's exporter configuration is invalid:\n\n" + cause.getMessage();
      action =
          "Correct the file that promonitor.config-file names, or the ExporterDefinition beans"
              + " (their problems are shown at <code>).";
    } else if (cause instanceof ExporterException) {
      description = "promonitor's exporters could not start:\n\n" + cause.getMessage();
      action =
          "Fix the exporter named above; when a metric name is served by the application already,"
              + " rename the application's metric or the exporter's.";
    } else if (cause instanceof DiscoveryException) {
      description = "promonitor could not load the exporter types:\n\n" + cause.getMessage();
      action = "Correct or remove the exporter jar named above.";
    } else if (cause instanceof EndpointException) {
      description = "promonitor could not serve its own /metrics:\n\n" + cause.getMessage();
      action = "Change app.prometheus_port, or leave promonitor.serve-http off.";
    } else {
      description = "promonitor could not start:\n\n" + cause.getMessage();
      action = "Correct what the description names.";
    }
    return new FailureAnalysis(description, action, cause);
  }
}
