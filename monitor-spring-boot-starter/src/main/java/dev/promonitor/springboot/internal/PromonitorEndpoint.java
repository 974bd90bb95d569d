package dev.promonitor.springboot.internal;

import dev.promonitor.core.ExporterHost;
import dev.promonitor.core.Version;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.internal.http.StatusDocument;
import dev.promonitor.core.internal.http.StatusSource;
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
    AppSettings app = host.config().app();
    return StatusDocument.of(
        Version.current(),
        StatusSource.of(
            host.executionMode().configValue(), app.shardIndex(), app.shardCount(), host::status),
        clock.instant());
  }
}
