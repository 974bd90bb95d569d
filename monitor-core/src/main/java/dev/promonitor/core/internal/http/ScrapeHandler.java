package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.SampleNameFilter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code /metrics}: the registry in the text format 0.0.4, or OpenMetrics when the scraper's
 * {@code Accept} asks for it, gzip when its {@code Accept-Encoding} allows it, and only the series
 * named by {@code ?name[]=} when given, as simpleclient's handler serves them. Unlike that
 * handler, it keeps no copy of the whole output per thread: a small output goes out in one write
 * with its {@code Content-Length}, a larger one is written to the client as it is rendered, in
 * chunks, so that concurrent scrapes of a large output do not each hold all of it.
 */
final class ScrapeHandler implements HttpHandler {

  /** Outputs up to this size are sent with a Content-Length; larger ones are streamed. */
  static final int BUFFERED = 256 * 1024;

  private final CollectorRegistry registry;

  ScrapeHandler(CollectorRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String contentType = TextFormat.chooseContentType(exchange.getRequestHeaders().getFirst("Accept"));
    exchange.getResponseHeaders().set("Content-Type", contentType);
    Set<String> names = names(exchange.getRequestURI().getRawQuery());
    Enumeration<MetricFamilySamples> families =
        names.isEmpty()
            ? registry.metricFamilySamples()
            : registry.filteredMetricFamilySamples(
                SampleNameFilter.restrictToNamesEqualTo(null, names));
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    boolean gzip = acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
    if (gzip) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    Spill body = new Spill(exchange);
    OutputStream encoded = gzip ? new FastGzip(body) : body;
    try (Writer writer = new BufferedWriter(new OutputStreamWriter(encoded, UTF_8), 16 * 1024)) {
      TextFormat.writeFormat(contentType, writer, families);
    }
  }

  /** The values of {@code name[]} in a raw query string. */
  static Set<String> names(@Nullable String rawQuery) {
    Set<String> names = new LinkedHashSet<>();
    if (rawQuery == null) {
      return names;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = URLDecoder.decode(pair.substring(0, equals), UTF_8);
      if (key.equals("name[]")) {
        names.add(URLDecoder.decode(pair.substring(equals + 1), UTF_8));
      }
    }
    return names;
  }

  /** Whether an {@code Accept-Encoding} value lists gzip (without {@code q=0}). */
  static boolean acceptsGzip(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.split(";");
      if (parts[0].strip().toLowerCase(Locale.ROOT).equals("gzip")) {
        for (int i = 1; i < parts.length; i++) {
          String parameter = parts[i].strip().replace(" ", "");
          if (parameter.equals("q=0") || parameter.matches("q=0\\.0*")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /** gzip at its fastest level: metrics text compresses about as well, at a fraction of the CPU. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 16 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /**
   * Buffers the body up to {@link #BUFFERED} bytes; sends it with its length when it ends within
   * that, else starts a chunked response and writes the rest as it comes.
   */
  private static final class Spill extends OutputStream {

    private final HttpExchange exchange;
    private @Nullable ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 * 1024);
    private @Nullable OutputStream out;

    Spill(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (out != null) {
        out.write(bytes, offset, length);
        return;
      }
      ByteArrayOutputStream buffered = requireNonNull(buffer);
      if (buffered.size() + length <= BUFFERED) {
        buffered.write(bytes, offset, length);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      out = body;
      buffered.writeTo(body);
      buffer = null;
      body.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      OutputStream body = out;
      if (body == null) {
        ByteArrayOutputStream buffered = requireNonNull(buffer);
        exchange.sendResponseHeaders(200, buffered.size() == 0 ? -1 : buffered.size());
        body = exchange.getResponseBody();
        buffered.writeTo(body);
      }
      body.close();
    }
  }
}
