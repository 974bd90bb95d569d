package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.promonitor.core.internal.engine.Threads;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP endpoint: {@code /metrics} through simpleclient_httpserver's handler,
 * {@code /-/healthy}, a landing page at {@code /}, the status page at {@code /status} with its
 * JSON at {@code /api/v1/exporters} (see {@link StatusPages}); every other path is 404.
 *
 * <p>Requests are served by a bounded pool of daemon threads; when all are busy and the queue is
 * full, the accepting thread serves the request itself, which slows down accepting rather than
 * dropping connections.
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** Worker threads that serve requests. */
  static final int THREADS = 4;

  private static final int QUEUE = 64;
  private static final int BACKLOG = 64;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  private MetricsEndpoint(HttpServer server, ThreadPoolExecutor executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds the address and starts serving.
   *
   * @param address the address to bind, port 0 for any free port
   * @param registry the registry to serve
   * @param version the framework version, for the landing page
   * @param status the host's exporters, for the status page and {@code /api/v1/exporters}
   * @return the running endpoint
   * @throws IOException when the address cannot be bound
   */
  public static MetricsEndpoint start(
      InetSocketAddress address, CollectorRegistry registry, String version, StatusSource status)
      throws IOException {
    HttpServer server = HttpServer.create(address, BACKLOG);
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Threads.daemonFactory("promonitor-http", true),
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    HttpHandler metrics = new HTTPServer.HTTPMetricHandler(registry);
    server.createContext("/metrics", exactly("/metrics", metrics));
    server.createContext(
        "/-/healthy", exactly("/-/healthy", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "Healthy\n")));
    StatusPages pages = new StatusPages(version, status, Clock.systemUTC());
    server.createContext("/", exactly("/", pages.landing()));
    server.createContext(StatusPages.STATUS, exactly(StatusPages.STATUS, pages.statusPage()));
    server.createContext(StatusPages.API, exactly(StatusPages.API, pages.api()));
    server.createContext(StatusPages.CSS, exactly(StatusPages.CSS, pages.css()));
    server.createContext(StatusPages.JS, exactly(StatusPages.JS, pages.js()));
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  /**
   * The bound address, with the real port when port 0 was asked for.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting requests and ends the server's threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static HttpHandler exactly(String path, HttpHandler handler) {
    return exchange -> {
      try {
        if (!exchange.getRequestURI().getPath().equals(path)) {
          respond(exchange, 404, "text/plain; charset=utf-8", "Not found. Metrics are at /metrics\n");
          return;
        }
        handler.handle(exchange);
      } finally {
        exchange.close();
      }
    };
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
