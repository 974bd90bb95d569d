package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.FatalErrors;
import dev.promonitor.core.internal.engine.Threads;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP endpoint: {@code /metrics} through simpleclient_httpserver's handler,
 * {@code /-/healthy}, a landing page at {@code /}, the status page at {@code /status} with its
 * JSON at {@code /api/v1/exporters} (see {@link StatusPages}); every other path is 404.
 *
 * <p>A {@link WebConfig} applies to every path: HTTPS with its certificate and client certificate
 * policy, basic auth (401 with {@code WWW-Authenticate: Basic realm="promonitor"} without valid
 * credentials), and its headers on every response.
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
  private final Filter security;

  private MetricsEndpoint(HttpServer server, ThreadPoolExecutor executor, Filter security) {
    this.server = server;
    this.executor = executor;
    this.security = security;
  }

  /**
   * Binds the address and starts serving, with the security of {@code web}.
   *
   * @param address the address to bind, port 0 for any free port
   * @param registry the registry to serve
   * @param version the framework version, for the landing page
   * @param web TLS, basic auth and headers; {@link WebConfig#none()} for plain HTTP
   * @param status the host's exporters, for the status page and {@code /api/v1/exporters}
   * @return the running endpoint
   * @throws IOException when the address cannot be bound
   */
  public static MetricsEndpoint start(
      InetSocketAddress address,
      CollectorRegistry registry,
      String version,
      WebConfig web,
      StatusSource status)
      throws IOException {
    HttpServer server = create(address, web);
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
    Filter security = new SecurityFilter(web);
    StatusPages pages = new StatusPages(version, status, Clock.systemUTC());
    List<HttpContext> contexts =
        List.of(
            server.createContext("/metrics", exactly("/metrics", metrics)),
            server.createContext(
                "/-/healthy",
                exactly(
                    "/-/healthy",
                    exchange ->
                        // Not healthy after out of memory: the supervisor is to restart it.
                        respond(
                            exchange,
                            FatalErrors.healthy() ? 200 : 503,
                            "text/plain; charset=utf-8",
                            FatalErrors.healthy() ? "Healthy\n" : "Unhealthy: out of memory\n"))),
            server.createContext("/", exactly("/", pages.landing())),
            server.createContext(StatusPages.STATUS, exactly(StatusPages.STATUS, pages.statusPage())),
            server.createContext(StatusPages.API, exactly(StatusPages.API, pages.api())),
            server.createContext(StatusPages.CSS, exactly(StatusPages.CSS, pages.css())),
            server.createContext(StatusPages.JS, exactly(StatusPages.JS, pages.js())));
    contexts.forEach(context -> context.getFilters().add(security));
    server.start();
    return new MetricsEndpoint(server, executor, security);
  }

  /**
   * The bound address, with the real port when port 0 was asked for.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Serves one more path, exactly, with the same TLS, authentication and headers as every other.
   *
   * @param path the path, such as {@code /-/reload}
   * @param handler what answers it
   */
  public void addHandler(String path, HttpHandler handler) {
    server.createContext(path, exactly(path, handler)).getFilters().add(security);
  }

  /**
   * Answers a request with a plain-text body.
   *
   * @param exchange the request
   * @param status the HTTP status
   * @param body the text, a line or a few
   * @throws IOException when the client went away
   */
  public static void respondText(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", body);
  }

  /** Stops accepting requests and ends the server's threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static HttpServer create(InetSocketAddress address, WebConfig web) throws IOException {
    SSLContext sslContext = web.sslContext().orElse(null);
    if (sslContext == null) {
      return HttpServer.create(address, BACKLOG);
    }
    HttpsServer server = HttpsServer.create(address, BACKLOG);
    server.setHttpsConfigurator(
        new HttpsConfigurator(sslContext) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            List<String> supported = Arrays.asList(getSSLContext().getSupportedSSLParameters().getProtocols());
            List<String> protocols = web.protocols().stream().filter(supported::contains).toList();
            if (!protocols.isEmpty()) {
              parameters.setProtocols(protocols.toArray(new String[0]));
            }
            WebConfig.ClientAuth clientAuth = web.clientAuth();
            if (clientAuth.requiresCertificate()) {
              parameters.setNeedClientAuth(true);
            } else if (clientAuth != WebConfig.ClientAuth.NO_CLIENT_CERT) {
              parameters.setWantClientAuth(true);
            }
            params.setSSLParameters(parameters);
          }
        });
    return server;
  }

  /** Adds the configured headers to every response and asks for credentials when users are set. */
  private static final class SecurityFilter extends Filter {

    private final Map<String, String> headers;
    private final @Nullable BasicAuthCheck basicAuth;

    SecurityFilter(WebConfig web) {
      this.headers = web.headers();
      this.basicAuth = web.basicAuthUsers().isEmpty() ? null : new BasicAuthCheck(web.basicAuthUsers());
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (basicAuth != null
          && !basicAuth.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
        try {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"promonitor\"");
          respond(exchange, 401, "text/plain; charset=utf-8", "Unauthorized\n");
        } finally {
          exchange.close();
        }
        return;
      }
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "headers and basic auth of the web config";
    }
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
