package dev.promonitor.core.internal.exposition;

import io.prometheus.client.Collector;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a scrape writes of the instances' snapshots: the rendered bytes of every family, merged by
 * name as one family (one head, then each instance's samples), in the order the families first
 * appear; in the text format the OpenMetrics-only samples' gauges follow, sorted by name, as
 * simpleclient writes them. A family whose name another instance serves as another type is left
 * out. Nothing is rendered or copied here: the pieces are the snapshots' own bytes.
 */
public final class Exposition {

  private final List<Piece> pieces;
  private final long length;

  /** A run of bytes of the body; {@code samples} when they may be sent compressed once. */
  record Piece(Slice bytes, @Nullable FamilyBytes samples) {}

  private Exposition(List<Piece> pieces, long length) {
    this.pieces = pieces;
    this.length = length;
  }

  static Exposition of(List<SnapshotScrape.Part> parts, Format format) {
    Map<String, Merged> families = new LinkedHashMap<>();
    Map<String, Merged> extras = new TreeMap<>();
    for (SnapshotScrape.Part part : parts) {
      for (FamilyBytes family : part.bytes().families(format)) {
        Merged merged = families.get(family.name());
        if (merged == null) {
          families.put(family.name(), new Merged(family));
        } else if (merged.type() != family.type()) {
          part.clashes().leftOut(part.owner(), family.name(), merged.type());
          continue;
        } else {
          merged.add(family);
        }
        for (FamilyBytes extra : family.extras()) {
          Merged gauge = extras.get(extra.name());
          if (gauge == null) {
            extras.put(extra.name(), new Merged(extra));
          } else {
            gauge.add(extra);
          }
        }
      }
    }
    List<Piece> pieces = new ArrayList<>();
    long length = 0;
    for (Map<String, Merged> section : List.of(families, extras)) {
      for (Merged merged : section.values()) {
        pieces.add(new Piece(merged.first.head(), null));
        length += merged.first.head().length();
        for (FamilyBytes member : merged.members) {
          Slice samples = member.samples();
          if (samples.length() > 0) {
            pieces.add(new Piece(samples, member.deflatedOnce() ? member : null));
            length += samples.length();
          }
        }
      }
    }
    return new Exposition(List.copyOf(pieces), length);
  }

  /**
   * The number of bytes {@link #writeTo} writes.
   *
   * @return the length
   */
  public long length() {
    return length;
  }

  /**
   * Writes the bytes as they are.
   *
   * @param out where they go
   * @throws IOException when {@code out} fails
   */
  public void writeTo(OutputStream out) throws IOException {
    for (Piece piece : pieces) {
      Slice bytes = piece.bytes();
      out.write(bytes.array(), bytes.offset(), bytes.length());
    }
  }

  /**
   * Writes the bytes into a gzip body: large samples as they were compressed once, the rest
   * compressed now.
   *
   * @param gzip the body
   * @throws IOException when the body's stream fails
   */
  public void writeTo(GzipBody gzip) throws IOException {
    for (Piece piece : pieces) {
      FamilyBytes samples = piece.samples();
      if (samples != null) {
        gzip.writeDeflated(samples.deflated());
      } else {
        Slice bytes = piece.bytes();
        gzip.write(bytes.array(), bytes.offset(), bytes.length());
      }
    }
  }

  /** One family's head, from its first instance, and every instance's samples. */
  private static final class Merged {
    private final FamilyBytes first;
    private final List<FamilyBytes> members = new ArrayList<>(1);

    Merged(FamilyBytes first) {
      this.first = first;
      members.add(first);
    }

    Collector.Type type() {
      return first.type();
    }

    void add(FamilyBytes member) {
      members.add(member);
    }
  }
}
