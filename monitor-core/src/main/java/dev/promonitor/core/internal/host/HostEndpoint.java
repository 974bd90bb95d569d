package dev.promonitor.core.internal.host;

import dev.promonitor.core.EndpointException;
import dev.promonitor.core.Version;
import dev.promonitor.core.config.AppSettings;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.http.MetricsEndpoint;
import dev.promonitor.core.internal.http.StatusSource;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds a host's HTTP endpoint on {@code app.prometheus_host} and {@code app.prometheus_port}. */
public final class HostEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger("dev.promonitor.core.host");

  private HostEndpoint() {}

  /**
   * Binds the endpoint.
   *
   * @throws EndpointException when the address cannot be bound, naming it
   */
  public static MetricsEndpoint bind(
      AppSettings app, CollectorRegistry registry, WebConfig webConfig, StatusSource status) {
    String address = app.prometheusHost() + ":" + app.prometheusPort();
    try {
      MetricsEndpoint started =
          MetricsEndpoint.start(
              new InetSocketAddress(app.prometheusHost(), app.prometheusPort()),
              registry,
              Version.current(),
              webConfig,
              status,
              app.maxRequests());
      InetSocketAddress bound = started.address();
      LOG.debug("Listening on {}:{}", bound.getHostString(), bound.getPort());
      return started;
    } catch (IOException | UnresolvedAddressException e) {
      String reason = e instanceof UnresolvedAddressException ? "unknown host" : e.getMessage();
      throw new EndpointException("cannot serve metrics on " + address + ": " + reason, e);
    }
  }
}
