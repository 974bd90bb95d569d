package dev.promonitor.springboot.internal;

import dev.promonitor.core.ExporterHost;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The {@code promonitor} health contributor on Spring Boot 3. */
public final class Boot3PromonitorHealthIndicator extends AbstractHealthIndicator {

  private final ExporterHost host;
  private final boolean downOnFailure;

  /**
   * Creates the contributor.
   *
   * @param host the host
   * @param downOnFailure {@code promonitor.health.down-on-failure}
   */
  public Boot3PromonitorHealthIndicator(ExporterHost host, boolean downOnFailure) {
    super("promonitor health check failed");
    this.host = host;
    this.downOnFailure = downOnFailure;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    HealthReport report = HealthReport.of(host.status(), downOnFailure);
    (report.down() ? builder.down() : builder.up()).withDetails(report.details());
  }
}
