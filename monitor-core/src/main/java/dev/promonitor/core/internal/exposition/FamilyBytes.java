package dev.promonitor.core.internal.exposition;

import io.prometheus.client.Collector;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * One family of a snapshot rendered in one format: its head ({@code # HELP}, {@code # TYPE} and
 * in OpenMetrics {@code # UNIT}) apart from its samples, so that the samples of the same family
 * from several instances follow one head. In the text format, the {@code _created},
 * {@code _gcount} and {@code _gsum} samples go to gauges of their own at the end of the output, as
 * simpleclient writes them: those are the {@link #extras()}.
 */
final class FamilyBytes {

  /** Samples of at least this size are compressed once and kept; smaller ones at each scrape. */
  static final int DEFLATE_AT_LEAST = 8 * 1024;

  private final String name;
  private final Collector.Type type;
  private final Slice head;
  private final Slice samples;
  private final List<FamilyBytes> extras;
  private volatile @Nullable Deflated deflated;

  /** Samples compressed on their own as raw deflate blocks that end on a sync flush. */
  record Deflated(byte[] bytes, long crc, long length) {}

  FamilyBytes(String name, Collector.Type type, Slice head, Slice samples, List<FamilyBytes> extras) {
    this.name = name;
    this.type = type;
    this.head = head;
    this.samples = samples;
    this.extras = List.copyOf(extras);
  }

  String name() {
    return name;
  }

  Collector.Type type() {
    return type;
  }

  Slice head() {
    return head;
  }

  Slice samples() {
    return samples;
  }

  List<FamilyBytes> extras() {
    return extras;
  }

  /** Whether the samples are large enough to be compressed once rather than at each scrape. */
  boolean deflatedOnce() {
    return samples.length() >= DEFLATE_AT_LEAST;
  }

  /** The samples compressed, on the first request; concurrent scrapes share one compression. */
  Deflated deflated() {
    Deflated done = deflated;
    if (done == null) {
      synchronized (this) {
        done = deflated;
        if (done == null) {
          done = deflate(samples);
          deflated = done;
        }
      }
    }
    return done;
  }

  private static Deflated deflate(Slice slice) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(slice.array(), slice.offset(), slice.length());
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, slice.length() / 4));
      byte[] buffer = new byte[16 * 1024];
      int count;
      do {
        count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        out.write(buffer, 0, count);
      } while (count == buffer.length || !deflater.needsInput());
      CRC32 crc = new CRC32();
      crc.update(slice.array(), slice.offset(), slice.length());
      return new Deflated(out.toByteArray(), crc.getValue(), slice.length());
    } finally {
      deflater.end();
    }
  }
}
