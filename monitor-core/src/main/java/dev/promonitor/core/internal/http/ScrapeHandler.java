package dev.promonitor.core.internal.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.promonitor.core.internal.exposition.Assemblies;
import dev.promonitor.core.internal.exposition.Exposition;
import dev.promonitor.core.internal.exposition.Format;
import dev.promonitor.core.internal.exposition.GzipBody;
import dev.promonitor.core.internal.exposition.SnapshotScrape;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.SampleNameFilter;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /metrics}: the registry in the text format 0.0.4, or OpenMetrics when the scraper's
 * {@code Accept} asks for it, gzip when its {@code Accept-Encoding} allows it, and only the series
 * named by {@code ?name[]=} when given, as simpleclient's handler serves them.
 *
 * <p>The instances' snapshots are not rendered here: each snapshot's bytes are rendered once per
 * format (and its large families compressed once) on the first scrape that asks for them, and
 * every scrape writes those bytes (see {@link SnapshotScrape}). What the registry collects at
 * each scrape (the framework's and the JVM's own metrics, an application's) is rendered per
 * scrape and follows. A response whose length is known goes out with {@code Content-Length}; a
 * large gzip body is streamed in chunks. No scrape holds a copy of a whole large output.
 * A filtered scrape renders the series it asks for from the snapshots.
 */
final class ScrapeHandler implements HttpHandler {

  /** Outputs up to this size are sent with a Content-Length; larger gzip ones are streamed. */
  static final int BUFFERED = 256 * 1024;

  private final CollectorRegistry registry;
  /** The last assembly of each format: scrapes between two runs write the same one. */
  private final Assemblies assemblies = new Assemblies();

  ScrapeHandler(CollectorRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Format format = Format.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
    exchange.getResponseHeaders().set("Content-Type", format.contentType());
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    boolean gzip = acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
    if (gzip) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    Set<String> names = names(exchange.getRequestURI().getRawQuery());
    if (!names.isEmpty()) {
      serveFiltered(exchange, format, gzip, names);
      return;
    }
    SnapshotScrape scrape = new SnapshotScrape();
    // collecting the registry has every collector of snapshots hand its snapshots to the scrape
    List<MetricFamilySamples> collected = Collections.list(registry.filteredMetricFamilySamples(scrape));
    Exposition snapshots = scrape.exposition(format, assemblies);
    if (!gzip) {
      try (Writer writer = writer(new Spill(exchange, snapshots))) {
        format.write(writer, collected);
      }
      return;
    }
    GzipBody body = new GzipBody(new Spill(exchange, null));
    boolean written = false;
    try {
      snapshots.writeTo(body);
      try (Writer writer = writer(body)) {
        format.write(writer, collected);
      }
      written = true;
    } finally {
      if (!written) {
        body.abandon();
      }
    }
  }

  private void serveFiltered(HttpExchange exchange, Format format, boolean gzip, Set<String> names)
      throws IOException {
    Enumeration<MetricFamilySamples> families =
        registry.filteredMetricFamilySamples(SampleNameFilter.restrictToNamesEqualTo(null, names));
    Spill body = new Spill(exchange, null);
    try (Writer writer = writer(gzip ? new GzipBody(body) : body)) {
      format.write(writer, Collections.list(families));
    }
  }

  private static Writer writer(OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(out, UTF_8), 16 * 1024);
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

  /**
   * The body after the snapshots' bytes: buffered up to {@link #BUFFERED} bytes, then sent with
   * the whole length when it ends within that; else the response turns chunked and the rest is
   * written as it comes. The snapshots' bytes go first, as they are, without a copy.
   */
  private static final class Spill extends OutputStream {

    private final HttpExchange exchange;
    private final @Nullable Exposition snapshots;
    private @Nullable ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 * 1024);
    private @Nullable OutputStream out;

    Spill(HttpExchange exchange, @Nullable Exposition snapshots) {
      this.exchange = exchange;
      this.snapshots = snapshots;
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
      if (snapshots != null) {
        snapshots.writeTo(body);
      }
      buffered.writeTo(body);
      buffer = null;
      body.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      OutputStream body = out;
      if (body == null) {
        ByteArrayOutputStream buffered = requireNonNull(buffer);
        long length = buffered.size() + (snapshots == null ? 0 : snapshots.length());
        exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        body = exchange.getResponseBody();
        if (snapshots != null) {
          snapshots.writeTo(body);
        }
        buffered.writeTo(body);
      }
      body.close();
    }
  }
}
