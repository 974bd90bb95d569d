package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * The pages for people: the landing page at {@code /}, the status page at {@code /status} with
 * its stylesheet and script, and the JSON it polls at {@code /api/v1/exporters}.
 *
 * <p>Everything is served from the jar; every link is relative, so that the pages work behind a
 * reverse proxy that adds a path prefix. Data reaches the page only as JSON, which the script puts
 * into the page as text, never as markup.
 */
final class StatusPages {

  /** Path of the status page. */
  static final String STATUS = "/status";

  /** Path of the JSON API. */
  static final String API = "/api/v1/exporters";

  /** Path of the status page's stylesheet. */
  static final String CSS = "/static/status.css";

  /** Path of the status page's script. */
  static final String JS = "/static/status.js";

  private static final String HTML_TYPE = "text/html; charset=utf-8";

  // Only the jar's own script and style run on the pages, and only this host is fetched from.
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final String version;
  private final StatusSource source;
  private final Clock clock;
  private final byte[] landing;
  private final byte[] statusPage;
  private final Asset css;
  private final Asset js;

  /** A static file, with a validator so that browsers can revalidate it cheaply. */
  private record Asset(byte[] body, String contentType, String etag) {}

  StatusPages(String version, StatusSource source, Clock clock) {
    this.version = version;
    this.source = source;
    this.clock = clock;
    String escapedVersion = escapeHtml(version);
    this.landing = resource("landing.html").replace("{{version}}", escapedVersion).getBytes(UTF_8);
    this.statusPage = resource("status.html").replace("{{version}}", escapedVersion).getBytes(UTF_8);
    this.css = asset("status.css", "text/css; charset=utf-8");
    this.js = asset("status.js", "text/javascript; charset=utf-8");
  }

  /** Serves the landing page. */
  HttpHandler landing() {
    return exchange -> page(exchange, landing);
  }

  /** Serves the status page. */
  HttpHandler statusPage() {
    return exchange -> page(exchange, statusPage);
  }

  /** Serves the status page's stylesheet. */
  HttpHandler css() {
    return exchange -> asset(exchange, css);
  }

  /** Serves the status page's script. */
  HttpHandler js() {
    return exchange -> asset(exchange, js);
  }

  /** Serves the exporters' state as JSON, made fresh for each request. */
  HttpHandler api() {
    return exchange -> {
      if (refusedMethod(exchange)) {
        return;
      }
      Headers headers = exchange.getResponseHeaders();
      headers.set("Cache-Control", "no-store");
      send(
          exchange,
          200,
          "application/json; charset=utf-8",
          StatusJson.render(version, source, clock.instant()));
    };
  }

  private static void page(HttpExchange exchange, byte[] body) throws IOException {
    if (refusedMethod(exchange)) {
      return;
    }
    Headers headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "no-cache");
    headers.set("Content-Security-Policy", POLICY);
    headers.set("Referrer-Policy", "no-referrer");
    send(exchange, 200, HTML_TYPE, body);
  }

  private static void asset(HttpExchange exchange, Asset asset) throws IOException {
    if (refusedMethod(exchange)) {
      return;
    }
    Headers headers = exchange.getResponseHeaders();
    // Revalidated after five minutes, so that a new version's files arrive soon after an upgrade.
    headers.set("Cache-Control", "public, max-age=300");
    headers.set("ETag", asset.etag());
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    send(exchange, 200, asset.contentType(), asset.body());
  }

  /** Answers 405 to anything but GET and HEAD. */
  private static boolean refusedMethod(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return false;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed: use GET\n".getBytes(UTF_8));
    return true;
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("X-Content-Type-Options", "nosniff");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // No body: HttpServer expects -1 as the length of an answer to HEAD.
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Asset asset(String name, String contentType) {
    byte[] body = resource(name).getBytes(UTF_8);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = StatusPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from monitor-core's jar: " + name);
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Escapes text for HTML content and quoted attribute values. */
  static String escapeHtml(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
