package dev.promonitor.core.internal.exposition;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The two exposition formats a scrape can ask for, rendered by simpleclient's {@link TextFormat}. */
public enum Format {
  /** The Prometheus text format 0.0.4, the default. */
  TEXT(TextFormat.CONTENT_TYPE_004, ""),
  /** OpenMetrics 1.0.0, when the scraper's {@code Accept} asks for it. */
  OPENMETRICS(TextFormat.CONTENT_TYPE_OPENMETRICS_100, "# EOF\n");

  private final String contentType;
  /** What {@link TextFormat} writes after the last family. */
  private final byte[] end;

  Format(String contentType, String end) {
    this.contentType = contentType;
    this.end = end.getBytes(UTF_8);
  }

  /**
   * The format that an {@code Accept} header asks for, as simpleclient's handler chooses it.
   *
   * @param accept the header's value, or {@code null}
   * @return the format
   */
  public static Format negotiate(@Nullable String accept) {
    return TextFormat.chooseContentType(accept).equals(TextFormat.CONTENT_TYPE_OPENMETRICS_100)
        ? OPENMETRICS
        : TEXT;
  }

  /**
   * The {@code Content-Type} of a response in this format.
   *
   * @return the media type with its version and charset
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Renders families as simpleclient's handler does, the format's end included.
   *
   * @param writer where the text goes
   * @param families the families, in order
   * @throws IOException when the writer fails
   */
  public void write(Writer writer, List<MetricFamilySamples> families) throws IOException {
    TextFormat.writeFormat(contentType, writer, Collections.enumeration(families));
  }

  /** The bytes of one family alone, without the format's end. */
  byte[] family(MetricFamilySamples family) {
    Buffer buffer = new Buffer();
    try (Writer writer = new OutputStreamWriter(buffer, UTF_8)) {
      write(writer, List.of(family));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a buffer in memory does not fail
    }
    return buffer.without(end);
  }

  /** A growing buffer whose bytes are copied once, without the trailer, when it is done. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    byte[] without(byte[] trailer) {
      int length = count;
      if (length >= trailer.length
          && Arrays.equals(buf, length - trailer.length, length, trailer, 0, trailer.length)) {
        length -= trailer.length;
      }
      return Arrays.copyOf(buf, length);
    }
  }
}
