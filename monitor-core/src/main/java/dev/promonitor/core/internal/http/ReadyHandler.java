package dev.promonitor.core.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.promonitor.core.ExporterStatus;
import java.io.IOException;
import java.util.List;

/**
 * {@code /-/ready}, the readiness probe: 503 until every exporter instance that this host (this
 * replica, when several share a config) runs has finished its first run (with success, failure or timeout), 200 after, so that a new replica
 * gets traffic only once its first scrape has something to show. It reads the host's status
 * snapshots and never calls exporter code.
 */
final class ReadyHandler implements HttpHandler {

  /** The path. */
  static final String PATH = "/-/ready";

  private final StatusSource source;

  ReadyHandler(StatusSource source) {
    this.source = source;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // Entries that another replica runs never run here: they do not hold this one back.
    List<ExporterStatus> exporters =
        source.exporters().stream()
            .filter(status -> status.state() != ExporterStatus.State.OTHER_SHARD)
            .toList();
    long waiting = exporters.stream().filter(status -> !hasFinishedARun(status)).count();
    if (waiting == 0) {
      MetricsEndpoint.respondText(exchange, 200, "Ready\n");
    } else {
      MetricsEndpoint.respondText(
          exchange,
          503,
          "Not ready: "
              + waiting
              + " of "
              + exporters.size()
              + " exporter(s) have not finished their first run\n");
    }
  }

  private static boolean hasFinishedARun(ExporterStatus status) {
    return status.lastRunEnd() != null
        || status.successes() + status.failures() + status.timeouts() > 0;
  }
}
