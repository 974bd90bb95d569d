package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.promonitor.core.config.WebConfig;
import dev.promonitor.core.internal.FatalErrors;
import dev.promonitor.core.internal.engine.Threads;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP endpoint: {@code /metrics} (see {@link ScrapeHandler}),
 * {@code /-/healthy}, {@code /-/ready} (see {@link ReadyHandler}), a landing page at {@code /},
 * the status page at {@code /status} with its JSON at {@code /api/v1/exporters} (see
 * {@link StatusPages}); every other path is 404. These answer GET and HEAD only (405 with
 * {@code Allow} otherwise).
 *
 * <p>A {@link WebConfig} applies to every path: HTTPS with its certificate and client certificate
 * policy, basic auth (401 with {@code WWW-Authenticate: Basic realm="promonitor"} without valid
 * credentials), its {@code rate_limit}, and its headers on every response. A POST, PUT, PATCH or
 * DELETE that a browser could send from another site (an {@code Origin} other than the endpoint's
 * own, or a form's content type) is refused with 403.
 *
 * <p>Connections are read by {@link HttpFront}: heads and handshakes under a deadline on one
 * thread, at most {@link Limits#maxRequests()} requests served at once, worked on in the order
 * they came by at most {@link Limits#activeWorkers()} threads started on demand (and one more for
 * each thread held by a client that does not take its response).
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** The content types a cross-site HTML form can send without a CORS preflight. */
  private static final Set<String> FORM_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final HttpFront front;
  private final Map<String, Route> routes;

  /** A path's handler, and the methods it answers ({@code null}: the handler checks them). */
  private record Route(HttpHandler handler, @Nullable Set<String> methods) {}

  private MetricsEndpoint(HttpFront front, Map<String, Route> routes) {
    this.front = front;
    this.routes = routes;
  }

  /**
   * Binds the address and starts serving, with the security of {@code web} and the default of
   * {@code max_requests}.
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
    return start(address, registry, version, web, status, Limits.DEFAULT_MAX_REQUESTS);
  }

  /**
   * Binds the address and starts serving, with the security of {@code web}.
   *
   * @param address the address to bind, port 0 for any free port
   * @param registry the registry to serve
   * @param version the framework version, for the landing page
   * @param web TLS, basic auth and headers; {@link WebConfig#none()} for plain HTTP
   * @param status the host's exporters, for the status page and {@code /api/v1/exporters}
   * @param maxRequests the most requests served at once ({@code app.max_requests})
   * @return the running endpoint
   * @throws IOException when the address cannot be bound
   */
  public static MetricsEndpoint start(
      InetSocketAddress address,
      CollectorRegistry registry,
      String version,
      WebConfig web,
      StatusSource status,
      int maxRequests)
      throws IOException {
    return start(address, registry, version, web, status, Limits.defaults(maxRequests), System::nanoTime);
  }

  static MetricsEndpoint start(
      InetSocketAddress address,
      CollectorRegistry registry,
      String version,
      WebConfig web,
      StatusSource status,
      Limits limits,
      LongSupplier clock)
      throws IOException {
    return start(
        address,
        registry,
        version,
        web,
        status,
        limits,
        clock,
        BasicAuthCheck.BCRYPT,
        BasicAuthCheck.BCRYPT_AT_ONCE);
  }

  /**
   * As above, with the bcrypt check that basic auth uses and how many may run at once (a test's,
   * to hold them on a latch).
   */
  static MetricsEndpoint start(
      InetSocketAddress address,
      CollectorRegistry registry,
      String version,
      WebConfig web,
      StatusSource status,
      Limits limits,
      LongSupplier clock,
      BasicAuthCheck.Verifier bcrypt,
      int bcryptAtOnce)
      throws IOException {
    Map<String, Route> routes = new ConcurrentHashMap<>();
    StatusPages pages = new StatusPages(version, status, Clock.systemUTC());
    Set<String> read = Set.of("GET", "HEAD");
    routes.put("/metrics", new Route(new ScrapeHandler(registry), read));
    routes.put(
        "/-/healthy",
        new Route(
            exchange ->
                // Not healthy after out of memory: the supervisor is to restart the process.
                respond(
                    exchange,
                    FatalErrors.healthy() ? 200 : 503,
                    "text/plain; charset=utf-8",
                    FatalErrors.healthy() ? "Healthy\n" : "Unhealthy: out of memory\n"),
            read));
    routes.put(ReadyHandler.PATH, new Route(new ReadyHandler(status), read));
    routes.put("/", new Route(pages.landing(), read));
    routes.put(StatusPages.STATUS, new Route(pages.statusPage(), read));
    routes.put(StatusPages.API, new Route(pages.api(), read));
    routes.put(StatusPages.CSS, new Route(pages.css(), read));
    routes.put(StatusPages.JS, new Route(pages.js(), read));
    @Nullable BasicAuthCheck basicAuth =
        web.basicAuthUsers().isEmpty()
            ? null
            : new BasicAuthCheck(web.basicAuthUsers(), bcrypt, bcryptAtOnce);
    Security security = new Security(web, basicAuth);
    HttpHandler root = exchange -> serve(routes, security, exchange);
    TokenBucket rateLimit =
        web.rateLimit()
            .map(limit -> new TokenBucket(limit.interval(), limit.burst(), clock.getAsLong()))
            .orElse(null);
    @Nullable Supplier<SSLEngine> tls;
    try {
      tls = TlsEngines.factory(web);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
    HttpFront front =
        HttpFront.start(
            address,
            tls,
            limits,
            root,
            rateLimit,
            basicAuth == null ? null : new UncheckedAdmission(basicAuth, limits.maxRequests()),
            clock,
            Threads.daemonFactory("promonitor-http", true));
    return new MetricsEndpoint(front, routes);
  }

  /**
   * The bound address, with the real port when port 0 was asked for.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return front.address();
  }

  /**
   * Serves one more path, exactly, with the same TLS, authentication and headers as every other.
   * The handler answers the methods it does not take itself; a cross-site POST never reaches it.
   *
   * @param path the path, such as {@code /-/reload}
   * @param handler what answers it
   */
  public void addHandler(String path, HttpHandler handler) {
    routes.put(path, new Route(handler, null));
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
    front.close();
  }

  HttpFront front() {
    return front;
  }

  private static void serve(Map<String, Route> routes, Security security, HttpExchange exchange)
      throws IOException {
    try {
      security.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (!security.admits(exchange)) {
        return;
      }
      Route route = routes.get(exchange.getRequestURI().getPath());
      if (route == null) {
        respond(exchange, 404, "text/plain; charset=utf-8", "Not found. Metrics are at /metrics\n");
        return;
      }
      String method = exchange.getRequestMethod();
      if (route.methods() != null && !route.methods().contains(method)) {
        exchange.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(route.methods())));
        respond(exchange, 405, "text/plain; charset=utf-8", "Method not allowed: use GET\n");
        return;
      }
      if (UNSAFE_METHODS.contains(method) && crossSite(exchange)) {
        respond(
            exchange,
            403,
            "text/plain; charset=utf-8",
            "Refused: a cross-site request or a form's content type; send it without a body,"
                + " or with Content-Type: application/json\n");
        return;
      }
      route.handler().handle(exchange);
    } catch (RuntimeException e) {
      if (exchange instanceof FrontExchange front && !front.responseStarted()) {
        respond(exchange, 500, "text/plain; charset=utf-8", "Internal error\n");
      }
      throw e;
    } finally {
      exchange.close();
    }
  }

  /** Whether a browser on another site could have sent the request, as a form or a script. */
  private static boolean crossSite(HttpExchange exchange) {
    String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return true;
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      String bare = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
      if (host == null || !bare.equalsIgnoreCase(host)) {
        return true;
      }
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return FORM_TYPES.contains(type);
    }
    return false;
  }

  /** The headers of the web config, and basic auth when users are set. */
  private static final class Security {

    private final Map<String, String> headers;
    private final @Nullable BasicAuthCheck basicAuth;

    Security(WebConfig web, @Nullable BasicAuthCheck basicAuth) {
      this.headers = web.headers();
      this.basicAuth = basicAuth;
    }

    /** Whether the request may go on; when not, its answer has been sent. */
    boolean admits(HttpExchange exchange) throws IOException {
      if (basicAuth == null) {
        return true;
      }
      BasicAuthCheck.Result result =
          basicAuth.check(exchange.getRequestHeaders().getFirst("Authorization"));
      switch (result) {
        case ACCEPTED:
          return true;
        case BUSY:
          exchange.getResponseHeaders().set("Retry-After", "1");
          respond(exchange, 429, "text/plain; charset=utf-8", "Too many failed logins at once\n");
          return false;
        default:
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"promonitor\"");
          respond(exchange, 401, "text/plain; charset=utf-8", "Unauthorized\n");
          return false;
      }
    }
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
