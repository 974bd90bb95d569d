package dev.promonitor.core.internal.exposition;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
  private final String end;

  Format(String contentType, String end) {
    this.contentType = contentType;
    this.end = end;
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

  /**
   * The bytes of one family alone, without the format's end, and how many of them are its head.
   * Small families are rendered as text first: most cost is per call, not per byte.
   */
  Slice family(MetricFamilySamples family, MetricFamilySamples headOnly) {
    try {
      TextBuffer head = new TextBuffer(128);
      write(head, List.of(headOnly));
      TextBuffer text = new TextBuffer(128 + 64 * family.samples.size());
      write(text, List.of(family));
      int headLength = head.withoutEnd(end).getBytes(UTF_8).length;
      byte[] bytes = text.withoutEnd(end).getBytes(UTF_8);
      return new Slice(bytes, headLength, bytes.length - headLength);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // text in memory does not fail
    }
  }

  /** A writer into a {@link StringBuilder}: unlike {@code StringWriter}, without locking. */
  private static final class TextBuffer extends Writer {
    private final StringBuilder text;

    TextBuffer(int capacity) {
      this.text = new StringBuilder(capacity);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
      text.append(string, offset, offset + length);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public Writer append(CharSequence chars) {
      text.append(chars);
      return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    String withoutEnd(String end) {
      int length = text.length();
      if (!end.isEmpty() && length >= end.length() && text.lastIndexOf(end) == length - end.length()) {
        length -= end.length();
      }
      return text.substring(0, length);
    }
  }
}
