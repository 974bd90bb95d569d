package dev.promonitor.core.internal.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code POST /-/reload}: 200 with what changed, or 500 with why the config was refused. The
 * reload it triggers bounds every wait for exporter code, so that the answer comes in time.
 */
public final class ReloadHandler implements HttpHandler {

  private final Supplier<?> reload;

  /**
   * Creates the handler.
   *
   * @param reload reloads the config and returns what changed, throwing when it was refused
   */
  public ReloadHandler(Supplier<?> reload) {
    this.reload = requireNonNull(reload, "reload must not be null");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!"POST".equals(method) && !"PUT".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "POST, PUT");
      MetricsEndpoint.respondText(exchange, 405, "Only POST or PUT requests allowed\n");
      return;
    }
    try {
      MetricsEndpoint.respondText(exchange, 200, "Reloaded: " + reload.get() + "\n");
    } catch (RuntimeException e) {
      MetricsEndpoint.respondText(
          exchange, 500, "Reload failed, the running config stays: " + e.getMessage() + "\n");
    }
  }
}
