package dev.promonitor.springboot.internal;

import dev.promonitor.core.ExporterHost;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/promonitor}: the state of every exporter, as the runner's status API shows it. */
@Endpoint(id = "promonitor")
public final class PromonitorEndpoint {

  private final ExporterHost host;
  private final Clock clock;

  /**
   * Creates the endpoint.
   *
   * @param host the host
   */
  public PromonitorEndpoint(ExporterHost host) {
    this.host = host;
    this.clock = Clock.systemUTC();
  }

  /**
   * The status document.
   *
   * @return the document of docs/status-api.md
   */
  @ReadOperation
  public Map<String, @Nullable Object> status() {
    return StatusDocument.of(host, clock.instant());
  }
}
